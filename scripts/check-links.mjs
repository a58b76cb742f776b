#!/usr/bin/env node
// Every internal link and anchor of the README and of the site's pages (docs/**/*.md) resolves: a relative
// link names a file or folder of the repository, and its #anchor a heading of the Markdown page it names.
// Anchors follow the reader's slug rules: GitHub's for the README (and the pages it links to), the site's
// (VitePress's own Markdown renderer) for docs/. Links to other sites are not fetched.
// `node scripts/check-links.mjs` exits 1 listing each broken link; `--root DIR` checks another checkout.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarkdownRenderer } from 'vitepress';
import { docPages } from './doc-pages.mjs';

const args = process.argv.slice(2);
const root = path.resolve(args.includes('--root') ? args[args.indexOf('--root') + 1] : path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const docs = path.join(root, 'docs');
const md = await createMarkdownRenderer(docs, {}, '/');

const isSitePage = (file) => !path.relative(docs, file).startsWith('..');
const inlineTokens = (tokens) => tokens.flatMap((token) => (token.children ?? []).map((child) => ({ child, line: token.map?.[0] ?? 0 })));

/** GitHub's heading slug (github-slugger): lower case, only letters, marks, numbers, `_`, `-` and spaces kept, spaces as `-`. */
const githubSlug = (heading) => heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');

/** The anchors of a Markdown page as its reader sees them: the site's ids (`siteRules`), or GitHub's slugs numbered on repeats. */
function anchorsOf(file, siteRules) {
  const tokens = md.parse(readFileSync(file, 'utf8'), { path: file });
  const headings = tokens.flatMap((token, i) => (token.type === 'heading_open' ? [{ id: token.attrGet('id'), inline: tokens[i + 1] }] : []));
  if (siteRules) return new Set(headings.map(({ id }) => id));
  const seen = new Map();
  return new Set(
    headings.map(({ inline }) => {
      const slug = githubSlug(inline.children.filter((child) => child.type !== 'html_inline').map((child) => child.content).join('').trim());
      seen.set(slug, (seen.get(slug) ?? -1) + 1);
      return seen.get(slug) === 0 ? slug : `${slug}-${seen.get(slug)}`;
    }),
  );
}

/** Every link and image target of a page with its line: Markdown's, and `href`/`src` in its HTML. */
function linksOf(file) {
  const tokens = md.parse(readFileSync(file, 'utf8'), { path: file });
  const markdown = inlineTokens(tokens).flatMap(({ child, line }) => {
    // The site's own permalink beside each heading is no link of the page's.
    const target = child.type === 'link_open' && child.attrGet('class') !== 'header-anchor' ? child.attrGet('href') : child.type === 'image' ? child.attrGet('src') : null;
    return target === null ? [] : [{ target, line }];
  });
  const html = [...tokens.map((token) => ({ content: token.type === 'html_block' ? token.content : '', line: token.map?.[0] ?? 0 })), ...inlineTokens(tokens).map(({ child, line }) => ({ content: child.type === 'html_inline' ? child.content : '', line }))];
  return [...markdown, ...html.flatMap(({ content, line }) => [...content.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((match) => ({ target: match[1], line })))];
}

/** The file a link names, or undefined: site pages also name pages without `.md` and folders by their index, from the site's root with `/`. */
function resolveTarget(from, pathPart) {
  if (pathPart === '') return from;
  const siteRules = isSitePage(from);
  const base = pathPart.startsWith('/') ? (siteRules ? docs : root) : path.dirname(from);
  const target = path.join(base, decodeURIComponent(pathPart));
  return (siteRules ? [target, `${target}.md`, path.join(target, 'index.md')] : [target]).find((candidate) => existsSync(candidate));
}

const anchorCache = new Map();
function problemOf(from, target) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const [pathPart, anchor] = target.split('#', 2);
  const file = resolveTarget(from, pathPart);
  if (file === undefined) return `${target}: no such file`;
  if (anchor === undefined || anchor === '' || !file.endsWith('.md')) return undefined;
  const key = `${file}\0${isSitePage(from)}`;
  if (!anchorCache.has(key)) anchorCache.set(key, anchorsOf(file, isSitePage(from)));
  return anchorCache.get(key).has(decodeURIComponent(anchor)) ? undefined : `${target}: no heading with the anchor #${anchor} in ${path.relative(root, file)}`;
}

const pages = [path.join(root, 'README.md'), ...docPages(docs)];
const broken = pages.flatMap((file) =>
  linksOf(file).flatMap(({ target, line }) => {
    const problem = problemOf(file, target);
    return problem === undefined ? [] : [`${path.relative(root, file)}:${line + 1}: ${problem}`];
  }),
);
if (broken.length > 0) {
  console.error(`${broken.length} broken link(s):`);
  for (const line of broken) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`links: every internal link and anchor of ${pages.length} pages (README.md and docs/) resolves`);
