// A small well-formedness checker for the chart tests: enough XML to catch unbalanced tags, broken
// attributes, unescaped text and leaked NaN, without adding a parser dependency.

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /\s+([A-Za-z_:][\w:.-]*)="([^"]*)"/g;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function checkEscaped(s: string, where: string, problems: string[]): void {
  const stripped = s.replace(ENTITY, '');
  if (stripped.includes('&')) problems.push(`unescaped & in ${where}: ${JSON.stringify(s.slice(0, 60))}`);
  if (stripped.includes('<')) problems.push(`unescaped < in ${where}: ${JSON.stringify(s.slice(0, 60))}`);
}

/** What makes the SVG string malformed or unfit for the report; an empty list means it is fine. */
export function checkSvg(svg: string): string[] {
  const problems: string[] = [];
  for (const word of ['NaN', 'Infinity', 'undefined', '[object']) if (svg.includes(word)) problems.push(`contains ${word}`);

  const stack: string[] = [];
  const firstChildren: string[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < svg.length) {
    const lt = svg.indexOf('<', pos);
    const between = svg.slice(pos, lt < 0 ? svg.length : lt);
    if (stack.length === 0 && between.trim() !== '') problems.push(`text outside the root: ${JSON.stringify(between.slice(0, 40))}`);
    if (between.includes('>')) problems.push(`stray > in text: ${JSON.stringify(between.slice(0, 40))}`);
    checkEscaped(between, 'text', problems);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(svg);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${JSON.stringify(svg.slice(lt, lt + 40))}`);
      break;
    }
    const [whole, closing = '', name = '', attrs = '', selfClosing = ''] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      if (attrs || selfClosing) problems.push(`closing tag </${name}> with attributes`);
    } else {
      if (stack.length === 0) roots++;
      if (stack.length === 1) firstChildren.push(name);
      const seen = new Set<string>();
      for (const [, attr = '', value = ''] of attrs.matchAll(ATTRIBUTE)) {
        if (seen.has(attr)) problems.push(`duplicate attribute ${attr} on <${name}>`);
        seen.add(attr);
        checkEscaped(value, `attribute ${attr}`, problems);
      }
      if (stack.length === 0) checkRoot(name, attrs, problems);
      if (!selfClosing) stack.push(name);
    }
    pos = lt + whole.length;
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  if (firstChildren[0] !== 'title') problems.push(`first child of <svg> is <${firstChildren[0] ?? 'nothing'}>, not <title>`);
  return problems;
}

function checkRoot(name: string, attrs: string, problems: string[]): void {
  const values = new Map([...attrs.matchAll(ATTRIBUTE)].map(([, attr = '', value = '']) => [attr, value]));
  if (name !== 'svg') problems.push(`root is <${name}>, not <svg>`);
  if (values.get('xmlns') !== 'http://www.w3.org/2000/svg') problems.push('root lacks the SVG namespace');
  if (!/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/.test(values.get('viewBox') ?? ''))
    problems.push(`bad viewBox ${JSON.stringify(values.get('viewBox'))}`);
  if (values.get('role') !== 'img') problems.push('root lacks role="img"');
  if (!values.get('aria-label')) problems.push('root lacks an aria-label');
}

/** How many elements with the given tag name (and class, when given) the SVG holds. */
export function countElements(svg: string, name: string, className?: string): number {
  const tags = svg.match(new RegExp(`<${name}(?=[\\s/>])[^>]*>`, 'g')) ?? [];
  return className === undefined
    ? tags.length
    : tags.filter((t) => new RegExp(`\\sclass="(?:[^"]*\\s)?${className}(?:\\s[^"]*)?"`).test(t)).length;
}

/** The text content of every <text> element, entities decoded, for asserting on labels. */
export function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map(([, inner = '']) =>
    inner
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Labels that try to break out of the markup, for the escaping tests. */
export const HOSTILE_LABEL = '<script>alert("x")</script> & Co\'s "best" 店';
