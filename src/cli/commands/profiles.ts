/**
 * `flowsight profiles compute|show|distribution|personas|bgnbd` and `flowsight segments
 * list|create|preview|export|delete`: user profiles and segments from the command line, through the
 * running server when it holds the database (same output).
 */
import { Command, Option } from 'commander';
import { withPersonaNames } from '../../analysis/profiles/name-personas.ts';
import { toProfileRecord, type ProfileValue } from '../../analysis/profiles/profile-fields.ts';
import { parseSegmentRule, SegmentRuleError, formatSegmentRule, type SegmentRule } from '../../analysis/profiles/segment-rules.ts';
import { PROFILE_LABELS } from '../../analysis/profiles/profile-rules.ts';
import { profileValueDistribution } from '../../query/profile-value-distribution.ts';
import {
  computeProfiles,
  findSegment,
  latestPersonas,
  listSegments,
  previewSegment,
  saveSegment,
  segmentUserIds,
  showProfile,
  type Distribution,
  type Personas,
  type ProfileComputeResult,
  type Segment,
} from '../../query/profiles.ts';
import type { Store } from '../../store/store.ts';
import type { ServerInfo } from '../../server/server-info.ts';
import { CliError } from '../cli-error.ts';
import { writeOutput } from '../write-output.ts';
import { configFrom, lockWaitMs, printJson, withClientOptions, type StoreFlags } from '../common-options.ts';
import { withQueryErrors } from '../query-errors.ts';
import { accessStore, callServer } from '../store-access.ts';
import { profilesBgnbdCommand } from './profiles-bgnbd.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Runs `local` on the store, or `remote` against the server that holds it. */
async function withStore<T>(
  flags: StoreFlags,
  local: (store: Store, timeZone: string) => Promise<T>,
  remote: (server: ServerInfo) => Promise<T>,
): Promise<T> {
  const config = configFrom(flags);
  const access = await accessStore(config, { waitMs: lockWaitMs(flags), onWait: (message) => process.stderr.write(`${message}\n`) });
  if (access.mode === 'remote') return remote(access.server);
  try {
    return await withQueryErrors(() => local(access.store, config.timeZone));
  } finally {
    await access.store.close();
  }
}

function rulesFrom(texts: readonly string[] | undefined): SegmentRule[] {
  try {
    return (texts ?? []).map((text, i) => parseSegmentRule(text, i));
  } catch (error) {
    if (error instanceof SegmentRuleError) throw new CliError(`--where: ${error.message}`, 2);
    throw error;
  }
}

const json = async <T>(response: Response) => (await response.json()) as T;

const label = (value: string) => PROFILE_LABELS[value as keyof typeof PROFILE_LABELS]?.zh ?? value;

function personasText(personas: Personas | null): string {
  if (!personas) return 'no personas yet: run `flowsight profiles compute`\n';
  const lines = [
    `${personas.k} personas from ${personas.fittedOn.toLocaleString('en-US')} buyers, as of ${personas.asOf}; shares are of buyers, not of all users`,
    '',
  ];
  for (const p of personas.personas)
    lines.push(`${(p.share * 100).toFixed(0).padStart(3)}%  ${p.zh}  /  ${p.en}`, `      ${p.description.zh}`);
  return `${lines.join('\n')}\n`;
}

/** A distribution as the API answers it: persona buckets carry the persona's name. */
type NamedDistribution = Omit<Distribution, 'buckets'> & {
  readonly buckets: readonly (Distribution['buckets'][number] & { readonly zh?: string; readonly en?: string })[];
};

function distributionText(d: NamedDistribution): string {
  const lines = [`${d.field}: ${d.users.toLocaleString('en-US')} users, ${d.missing.toLocaleString('en-US')} without a value`];
  for (const b of d.buckets) {
    const name = b.zh === undefined ? label(b.value) : `${b.zh} (${b.value})`;
    lines.push(`  ${name.padEnd(24)} ${String(b.users).padStart(9)}  ${(b.share * 100).toFixed(1).padStart(5)}%`);
  }
  return `${lines.join('\n')}\n`;
}

const cellText = (value: ProfileValue): string => (value === null ? '—' : Array.isArray(value) ? value.join(', ') || '—' : String(value));

function profilesCommand(): Command {
  const profiles = new Command('profiles').description(
    'User profiles: compute them, look one up, see distributions and personas, fit BG/NBD to any transaction log.',
  );
  profiles.addCommand(
    withClientOptions(
      new Command('compute').description(
        'Compute user profiles (RFM, preferences, lifecycle, BG/NBD predictions, personas) as of the last complete day.',
      ),
    )
      .addOption(
        new Option('--mode <mode>', 'full recompute, only users with new data, or decide by the last run')
          .choices(['full', 'incremental', 'auto'])
          .default('auto'),
      )
      .action(async (flags: StoreFlags & { mode: 'full' | 'incremental' | 'auto' }) => {
        const result = await withStore(
          flags,
          (store, timeZone) => computeProfiles(store, { mode: flags.mode }, { timeZone }),
          async (server) =>
            json<ProfileComputeResult>(await callServer(server, `/api/v1/profiles/compute?mode=${flags.mode}`, { method: 'POST' })),
        );
        if (flags.json) return printJson(result);
        process.stdout.write(
          `${result.run.kind} run as of ${result.run.asOf}: ${result.run.users.toLocaleString('en-US')} users in ${(result.elapsedMs / 1000).toFixed(1)} s\n`,
        );
        if (result.personas) process.stdout.write(personasText(result.personas));
      }),
  );
  profiles.addCommand(
    withClientOptions(new Command('show').description("One user's profile and lifecycle history.").argument('<userId>')).action(
      async (userId: string, flags: StoreFlags) => {
        const found = await withStore(
          flags,
          async (store) => {
            const local = await showProfile(store, userId, {});
            return local && { ...local, profile: toProfileRecord(local.profile) };
          },
          async (server) => {
            const response = await fetch(new URL(`/api/v1/profiles/${encodeURIComponent(userId)}`, server.url), {
              headers: { authorization: `Bearer ${server.token}` },
            });
            return response.status === 404
              ? null
              : json<{ profile: Record<string, ProfileValue>; stages: { stage: string; since: string }[] }>(response);
          },
        );
        if (!found) throw new CliError(`no profile for user ${userId} (run \`flowsight profiles compute\` first?)`, 1);
        if (flags.json) return printJson(found);
        for (const [key, value] of Object.entries(found.profile)) process.stdout.write(`${key.padEnd(24)} ${cellText(value)}\n`);
        process.stdout.write(`\nlifecycle: ${found.stages.map((s) => `${s.since} ${label(s.stage)}`).join(' → ')}\n`);
      },
    ),
  );
  profiles.addCommand(
    withClientOptions(
      new Command('distribution').description('How users spread over a profile field, overall or within rules.').argument('<field>'),
    )
      .option('--where <rule>', 'segment rule, repeatable: field=value, field>=n, field=a..b, field!=a,b', collect)
      .action(async (field: string, flags: StoreFlags & { where?: string[] }) => {
        const rules = rulesFrom(flags.where);
        const result = await withStore(
          flags,
          async (store): Promise<NamedDistribution> => {
            // Whole numbers with few values (scores, tiers, personas) one bucket each, as the API counts them.
            const counted = await profileValueDistribution(store, { field, rules }, {});
            if (counted.field !== 'persona' || !counted.discrete) return counted;
            return { ...counted, buckets: withPersonaNames(counted.buckets, (await latestPersonas(store))?.personas ?? []) };
          },
          async (server) => {
            const query = new URLSearchParams({ field });
            for (const w of flags.where ?? []) query.append('where', w);
            return json<NamedDistribution>(await callServer(server, `/api/v1/profiles/distribution?${query}`));
          },
        );
        if (flags.json) printJson(result);
        else process.stdout.write(distributionText(result));
      }),
  );
  profiles.addCommand(
    withClientOptions(new Command('personas').description('The personas of the last full computation.')).action(
      async (flags: StoreFlags) => {
        const personas = await withStore(
          flags,
          (store) => latestPersonas(store),
          async (server) => (await json<{ personas: Personas | null }>(await callServer(server, '/api/v1/personas'))).personas,
        );
        if (flags.json) printJson({ personas });
        else process.stdout.write(personasText(personas));
      },
    ),
  );
  profiles.addCommand(profilesBgnbdCommand());
  return profiles;
}

function segmentsCommand(): Command {
  const segments = new Command('segments').description(
    'Segments: rules over profile fields, saved, previewed and exported for ad targeting.',
  );
  segments.addCommand(
    withClientOptions(new Command('list').description('Saved segments and their rules.')).action(async (flags: StoreFlags) => {
      const list = await withStore(
        flags,
        (store) => listSegments(store),
        async (server) => (await json<{ segments: Segment[] }>(await callServer(server, '/api/v1/segments'))).segments,
      );
      if (flags.json) return printJson({ segments: list });
      if (list.length === 0) process.stdout.write('no segments yet: `flowsight segments create --name N --where RULE…`\n');
      for (const s of list) process.stdout.write(`${s.id}  ${s.name}  ${s.rules.map(formatSegmentRule).join(' AND ')}\n`);
    }),
  );
  segments.addCommand(
    withClientOptions(new Command('create').description('Save a segment.'))
      .requiredOption('--name <name>', 'segment name (unique)')
      .option('--description <text>', 'what the segment is for')
      .option(
        '--where <rule>',
        'rule, repeatable (all must hold): lifecycle=at_risk, province=广东, spending_tier>=4, tag=rfm:champions',
        collect,
      )
      .action(async (flags: StoreFlags & { name: string; description?: string; where?: string[] }) => {
        const rules = rulesFrom(flags.where);
        const saved = await withStore(
          flags,
          async (store) => {
            const segment = await saveSegment(store, { name: flags.name, description: flags.description, rules });
            return { segment, users: (await previewSegment(store, segment.rules, {}, 0)).users };
          },
          async (server) => {
            const segment = await json<Segment>(
              await callServer(server, '/api/v1/segments', {
                method: 'POST',
                body: JSON.stringify({ name: flags.name, description: flags.description, rules: flags.where ?? [] }),
              }),
            );
            return {
              segment,
              users: (await json<{ users: number }>(await callServer(server, `/api/v1/segments/${segment.id}/preview?limit=0`))).users,
            };
          },
        );
        if (flags.json) printJson(saved);
        else process.stdout.write(`saved ${saved.segment.id} "${saved.segment.name}": ${saved.users.toLocaleString('en-US')} users now\n`);
      }),
  );
  segments.addCommand(
    withClientOptions(
      new Command('preview')
        .description('Count the users of a segment (or of rules) and show the first ones.')
        .argument('[segment]', 'id or name'),
    )
      .option('--where <rule>', 'rules instead of (or on top of) a saved segment', collect)
      .option('--limit <n>', 'users to show', '20')
      .action(async (name: string | undefined, flags: StoreFlags & { where?: string[]; limit: string }) => {
        const extra = rulesFrom(flags.where);
        const result = await withStore(
          flags,
          async (store) => {
            const segment = name ? await findSegment(store, name) : undefined;
            if (name && !segment) throw new CliError(`no segment ${name}`, 1);
            return previewSegment(store, [...(segment?.rules ?? []), ...extra], {}, Number(flags.limit));
          },
          async (server) => {
            const base = name
              ? (await json<Segment>(await callServer(server, `/api/v1/segments/${encodeURIComponent(name)}`))).rules.map(formatSegmentRule)
              : [];
            return json<Awaited<ReturnType<typeof previewSegment>>>(
              await callServer(server, `/api/v1/segments/preview?limit=${Number(flags.limit)}`, {
                method: 'POST',
                body: JSON.stringify({ rules: [...base, ...(flags.where ?? [])] }),
              }),
            );
          },
        );
        if (flags.json) return printJson(result);
        process.stdout.write(`${result.users.toLocaleString('en-US')} users\n`);
        for (const row of result.sample)
          process.stdout.write(
            `  ${Object.values(row)
              .map((v) => (v === null ? '—' : String(v)))
              .join('  ')}\n`,
          );
      }),
  );
  segments.addCommand(
    withClientOptions(
      new Command('export')
        .description('Write the user ids of a segment as CSV (for ad targeting), or with --json as { segment, users, userIds }.')
        .argument('<segment>', 'id or name'),
    )
      .option('--out <file>', 'write here instead of stdout')
      .action(async (name: string, flags: StoreFlags & { out?: string }) => {
        const exported = await withStore(
          flags,
          async (store) => {
            const segment = await findSegment(store, name);
            if (!segment) throw new CliError(`no segment ${name}`, 1);
            return { segment, users: await segmentUserIds(store, segment.rules, {}) };
          },
          async (server) => {
            const path = `/api/v1/segments/${encodeURIComponent(name)}`;
            const segment = await json<Segment>(await callServer(server, path));
            const csv = await (await callServer(server, `${path}/export`)).text();
            return {
              segment,
              users: csv
                .split('\n')
                .slice(1)
                .filter((id) => id !== ''),
            };
          },
        );
        const { segment, users } = exported;
        // `users` counts, as in `segments create|preview --json`; the ids are `userIds`.
        const text = flags.json
          ? `${JSON.stringify({ segment, users: users.length, userIds: users }, null, 2)}\n`
          : `user_id\n${users.map((id) => `${id}\n`).join('')}`;
        if (!flags.out) return void process.stdout.write(text);
        await writeOutput(flags.out, text);
        process.stderr.write(`wrote ${users.length} user ids to ${flags.out}\n`);
      }),
  );
  segments.addCommand(
    withClientOptions(new Command('delete').description('Delete a saved segment.').argument('<segment>', 'id or name')).action(
      async (name: string, flags: StoreFlags) => {
        await withStore(
          flags,
          async (store) => {
            const segment = await findSegment(store, name);
            if (!segment) throw new CliError(`no segment ${name}`, 1);
            await store.deleteSegment(segment.id);
          },
          async (server) => {
            await callServer(server, `/api/v1/segments/${encodeURIComponent(name)}`, { method: 'DELETE' });
          },
        );
        if (!flags.json) process.stdout.write(`deleted ${name}\n`);
      },
    ),
  );
  return segments;
}

export { profilesCommand, segmentsCommand };
