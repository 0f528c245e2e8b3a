/**
 * The `layers/imports` lint rule: every source file belongs to one layer of DESIGN.md §2, and a layer imports
 * only the folders and packages its entry allows. Import specifiers are resolved to repository paths, so
 * `'../pipeline'`, `'../pipeline/index.ts'` and `'../../core/pipeline/state'` are the same target, and a
 * file in a folder no layer names is reported instead of slipping through unchecked.
 *
 * Paths in a layer are repository-relative, without extension; `dir/**` is the folder and everything in it,
 * any other entry is one module (`src/core` is the barrel `src/core/index.ts`).
 */
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** The repository path of a file or a resolved specifier: forward slashes, no extension, no trailing `/index`. */
export function modulePath(root, absolute) {
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  return rel.replace(/\.(d\.)?(m|c)?[jt]sx?$/, '').replace(/(^|\/)index$/, '').replace(/\/$/, '') || '.';
}

/** Whether a module path is covered by one of the layer's path entries. */
export function covers(entries, target) {
  return entries.some((entry) => {
    if (!entry.endsWith('/**')) return target === entry;
    const dir = entry.slice(0, -3);
    return target === dir || target.startsWith(`${dir}/`);
  });
}

/** The layer a file belongs to: the one whose `files` entry is the most specific (longest) match. */
export function layerOf(layers, file) {
  let best;
  let bestLength = -1;
  for (const layer of layers) {
    for (const entry of layer.files) {
      if (covers([entry], file) && entry.length > bestLength) {
        best = layer;
        bestLength = entry.length;
      }
    }
  }
  return best;
}

function packageName(spec) {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why a package import is refused by a layer, or undefined when it is allowed. */
function packageRefusal(layer, spec) {
  const name = packageName(spec);
  const builtin = name.startsWith('node:') || NODE_BUILTINS.has(name);
  const rule = layer.packages ?? {};
  if (rule.none) return `package '${name}'`;
  if (builtin && rule.noNodeBuiltins) return `the Node built-in '${name}'`;
  if ((rule.forbid ?? []).includes(name)) return `package '${name}'`;
  return undefined;
}

/** Whether an import node brings in types only (erased from the emitted JavaScript). */
function isTypeOnly(node) {
  switch (node.type) {
    case 'ImportDeclaration':
      return node.importKind === 'type'
        || (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
    case 'ExportNamedDeclaration':
      return node.exportKind === 'type'
        || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'));
    case 'ExportAllDeclaration':
      return node.exportKind === 'type';
    case 'TSImportType':
      return true;
    case 'TSImportEqualsDeclaration':
      return node.importKind === 'type';
    default:
      return false;
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer of DESIGN.md §2 imports only the folders and packages it is allowed to.' },
    schema: [{
      type: 'object',
      properties: {
        root: { type: 'string' },
        layers: { type: 'array' },
      },
      required: ['root', 'layers'],
      additionalProperties: false,
    }],
    messages: {
      forbidden: "{{layer}} must not import {{target}} ('{{spec}}'): {{why}}",
      typeOnly: "{{layer}} may import {{target}} only with `import type` ('{{spec}}'): {{why}}",
      noLayer: '{{file}} is in no layer of DESIGN.md §2: add its folder to the layers in eslint.config.mjs',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const file = modulePath(root, context.filename);
    const layer = layerOf(layers, file);
    if (!layer) {
      return {
        Program(node) {
          context.report({ node, messageId: 'noLayer', data: { file: path.relative(root, context.filename).split(path.sep).join('/') } });
        },
      };
    }

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const data = { layer: layer.name, spec, why: layer.why };
      if (!spec.startsWith('.') && !path.isAbsolute(spec)) {
        const refused = packageRefusal(layer, spec);
        if (refused) context.report({ node: source, messageId: 'forbidden', data: { ...data, target: refused } });
        return;
      }
      const target = modulePath(root, path.resolve(path.dirname(context.filename), spec));
      if (covers(layer.imports, target)) return;
      const typeOnly = isTypeOnly(node);
      if (covers(layer.typeImports ?? [], target)) {
        if (!typeOnly) context.report({ node: source, messageId: 'typeOnly', data: { ...data, target } });
        return;
      }
      context.report({ node: source, messageId: 'forbidden', data: { ...data, target } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
      TSImportType: (node) => check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.source),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference.type === 'TSExternalModuleReference' ? node.moduleReference.expression : undefined),
      CallExpression(node) {
        const [arg] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && arg?.type === 'Literal') check(node, arg);
      },
    };
  },
};

/** The plugin object for `plugins: { layers }` in a flat config. */
export default { meta: { name: 'qaforge-layers' }, rules: { imports: importsRule } };
