// The Markdown pages of the documentation folder, shared by the scripts that read them (the link check, the
// generated blocks): every docs/**/*.md outside dot folders (.vitepress) and node_modules, and outside the
// folders named in `leaveOut`, in name order.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export function docPages(docs, leaveOut = []) {
  if (!existsSync(docs)) return [];
  const skipped = (part) => part.startsWith('.') || part === 'node_modules' || leaveOut.includes(part);
  return readdirSync(docs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && !path.relative(docs, entry.parentPath).split(path.sep).some(skipped))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
