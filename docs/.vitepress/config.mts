import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type DefaultTheme, type MarkdownRenderer } from 'vitepress';

const docs = path.resolve(import.meta.dirname, '..');

/** A page's label: its first heading less typedoc's `Interface: ` kind, its Markdown escapes undone. */
function label(file: string): string {
  const heading = /^# (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? path.basename(file, '.md');
  return heading.replace(/^[A-Z][a-z]+(?: [A-Z][a-z]+)?: /, '').replace(/\\(.)/g, '$1');
}

const link = (file: string) => `/${path.relative(docs, file).replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '')}`;

/**
 * The reading order of the hand-written pages and folders, by path from docs/: a listed entry comes before
 * the unlisted ones of its folder, which follow as the files lie (pages, then folders, in name order).
 */
const ORDER = [
  'concepts.md',
  'cli.md',
  'findings',
  'findings/resnet.md',
  'findings/sequence.md',
  'findings/gradient-paths.md',
  'findings/gnn.md',
  'findings/unet.md',
  'findings/gan.md',
  'findings/claims.md',
  'results-files.md',
  'engine.md',
  'pytorch-referee.md',
  'clusters.md',
  'authoring-plugins.md',
  'reference',
  'api',
];
const rank = (entry: string) => (ORDER.includes(entry) ? ORDER.indexOf(entry) : ORDER.length);

/** The sidebar of a folder: its pages and a collapsed group per subfolder with pages, in the reading order. */
function sidebar(dir: string): DefaultTheme.SidebarItem[] {
  const entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.'));
  const pages = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'index.md')
    .map((entry) => ({ at: path.join(dir, entry.name), item: { text: label(path.join(dir, entry.name)), link: link(path.join(dir, entry.name)) } as DefaultTheme.SidebarItem }));
  const groups = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const folder = path.join(dir, entry.name);
      const index = readdirSync(folder).includes('index.md') ? path.join(folder, 'index.md') : undefined;
      return { at: folder, item: { text: index ? label(index) : entry.name, link: index && link(index), collapsed: true, items: sidebar(folder) } as DefaultTheme.SidebarItem };
    })
    .filter(({ item }) => item.link !== undefined || (item.items?.length ?? 0) > 0);
  const ordered = [...pages, ...groups].map((entry, i) => ({ ...entry, rank: rank(path.relative(docs, entry.at)), i }));
  return ordered.sort((a, b) => a.rank - b.rank || a.i - b.i).map(({ item }) => item);
}

/**
 * A link from a page to a repository file outside docs/ (`../examples/highway`) works on GitHub, not on the
 * site: there it shows as its text, naming the path. The link check (scripts/check-links.mjs) still checks it.
 */
function repositoryLinksAsText(md: MarkdownRenderer): void {
  const leavesDocs = (page: string, href: string) =>
    !/^([a-z]+:|#|\/)/i.test(href) && path.relative(docs, path.resolve(path.dirname(page), href.replace(/#.*$/, ''))).startsWith('..');
  md.core.ruler.push('repository-links-as-text', (state) => {
    const page: string = state.env.path;
    for (const inline of state.tokens) {
      let open = false; // Links do not nest: the next close ends the rewritten one.
      for (const token of inline.children ?? []) {
        if (token.type === 'link_open' && leavesDocs(page, token.attrGet('href') ?? '#')) {
          const target = path.resolve(path.dirname(page), token.attrGet('href')!.replace(/#.*$/, ''));
          Object.assign(token, { type: 'html_inline', content: `<span title="${path.relative(path.dirname(docs), target)} in the repository">` });
          open = true;
        } else if (token.type === 'link_close' && open) {
          Object.assign(token, { type: 'html_inline', content: '</span>' });
          open = false;
        }
      }
    }
  });
}

export default defineConfig({
  title: 'skipbench',
  description: 'Benchmarks skip connections: depth, gradient and throughput probes over architecture plugins',
  markdown: { config: repositoryLinksAsText },
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Concepts', link: '/concepts' },
      { text: 'Findings', link: '/findings/' },
      { text: 'CLI', link: '/reference/cli' },
      { text: 'Plugins', link: '/authoring-plugins' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: sidebar(docs),
    outline: 'deep',
  },
});
