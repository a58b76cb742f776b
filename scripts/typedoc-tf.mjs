// A TypeDoc plugin for the API pages (`pnpm docs:api`): core's `tf` is a namespace re-export of TensorFlow.js,
// which TypeDoc leaves out (an external module) and prints, wherever a signature or property has the type
// `TF` (`typeof tf`), as `__module`. This plugin
//   1. points every such reference at core's `TF` page instead, and
//   2. gives `tf` a page of its own (a variable of type `TF`), with the doc comment of its export in
//      packages/core/src/tf.ts.
// TF.js's own reference (https://js.tensorflow.org/api/latest/) documents its ops; `typedoc.json` links
// references into `@tensorflow/tfjs` there.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Converter, DeclarationReflection, ReferenceType, ReflectionFlag, ReflectionKind } from 'typedoc';

const CORE = '@skipbench/core';
const TF_PACKAGE = '@tensorflow/tfjs';
const TF_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'core', 'src', 'tf.ts');

/** Every type reachable from `value` (a reflection's type, a signature's, nested unions, arrays, arguments …). */
function* typesIn(value, seen = new Set()) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (typeof value.type === 'string' && typeof value.stringify === 'function') yield value;
  for (const [key, child] of Object.entries(value)) {
    // Types only: not parents, projects or the reflections a reference points at.
    if (key === 'parent' || key === '_project' || key === 'project') continue;
    if (child instanceof DeclarationReflection) continue;
    if (Array.isArray(child)) for (const item of child) yield* typesIn(item, seen);
    else yield* typesIn(child, seen);
  }
}

/** The `tf` export's doc comment: the one on `export { tf }` in core's tf.ts. */
function tfComment(context, file) {
  const source = context.program.getSourceFile(file);
  const exported = source?.statements.find(
    (statement) => ts.isExportDeclaration(statement) && statement.moduleSpecifier === undefined && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.some((e) => e.name.text === 'tf'),
  );
  return exported === undefined ? undefined : context.getNodeComment(exported, false);
}

export function load(app) {
  // Read while TF's file is being converted: the program is at hand only then.
  let comment;
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (comment === undefined && reflection.name === 'TF' && reflection.kindOf(ReflectionKind.TypeAlias)) comment = tfComment(context, TF_FILE);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    const core = project.children?.find((child) => child.name === CORE);
    const tfType = core?.children?.find((child) => child.name === 'TF' && child.kindOf(ReflectionKind.TypeAlias));
    if (core === undefined || tfType === undefined) throw new Error(`typedoc-tf: expected ${CORE} to export the type TF`);

    const variable = new DeclarationReflection('tf', ReflectionKind.Variable, core);
    variable.type = ReferenceType.createResolvedReference('TF', tfType, project);
    if (comment === undefined) throw new Error('typedoc-tf: expected a doc comment on `export { tf }` in packages/core/src/tf.ts');
    variable.comment = comment;
    variable.setFlag(ReflectionFlag.Const, true);
    project.registerReflection(variable, undefined, undefined);
    core.addChild(variable);

    for (const reflection of Object.values(project.reflections)) {
      for (const type of typesIn(reflection)) {
        if (type.type !== 'reference' || type.package !== TF_PACKAGE || type.name !== '__module') continue;
        type.name = 'TF';
        type.qualifiedName = 'TF';
        type.package = CORE;
        type._target = tfType.id;
        type.preferValues = false;
      }
    }
  });
}
