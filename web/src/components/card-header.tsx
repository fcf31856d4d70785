/** The header every card shares: title, an optional note, and its controls on the right. */
import type { ComponentChildren } from 'preact';

export function CardHeader(props: { title: string; subtitle?: ComponentChildren; children?: ComponentChildren }) {
  return (
    <header class="card-header">
      <div>
        <h2>{props.title}</h2>
        {props.subtitle && <p class="card-subtitle">{props.subtitle}</p>}
      </div>
      <div class="card-actions">{props.children}</div>
    </header>
  );
}
