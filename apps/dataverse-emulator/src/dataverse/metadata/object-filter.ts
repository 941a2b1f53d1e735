import { defaultParser } from '@odata/parser';
import { dataverseErrors } from '../errors/dataverse-error';

/**
 * `$filter` over metadata objects (not rows): property paths such as `RequiredLevel/Value`, enum literals
 * `Microsoft.Dynamics.CRM.AttributeRequiredLevel'ApplicationRequired'`, comparison and logical operators.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api#filter-metadata
 */
type Obj = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = { type: string; raw: string; value: any };

export function compileObjectFilter(text: string): (o: Obj) => boolean {
  let ast: Node;
  try {
    ast = defaultParser.filter(text) as unknown as Node;
  } catch {
    throw dataverseErrors.badRequest(`Syntax error in '${text}'.`);
  }
  return bool(ast);
}

function bool(n: Node): (o: Obj) => boolean {
  switch (n.type) {
    case 'AndExpression': {
      const l = bool(n.value.left);
      const r = bool(n.value.right);
      return (o) => l(o) && r(o);
    }
    case 'OrExpression': {
      const l = bool(n.value.left);
      const r = bool(n.value.right);
      return (o) => l(o) || r(o);
    }
    case 'NotExpression': {
      const inner = bool(n.value);
      return (o) => !inner(o);
    }
    case 'BoolParenExpression':
    case 'CommonExpression':
      return bool(n.value);
    case 'EqualsExpression':
    case 'NotEqualsExpression': {
      const l = operand(n.value.left);
      const r = operand(n.value.right);
      const eq = (o: Obj) => {
        const a = l(o);
        const b = r(o);
        return typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;
      };
      return n.type === 'EqualsExpression' ? eq : (o) => !eq(o);
    }
    case 'MethodCallExpression': {
      const [subject, pattern] = (n.value.parameters as Node[]).map(operand);
      const method: string = n.value.method;
      return (o) => {
        const s = String(subject(o) ?? '').toLowerCase();
        const p = String(pattern(o) ?? '').toLowerCase();
        return method === 'contains' ? s.includes(p) : method === 'startswith' ? s.startsWith(p) : s.endsWith(p);
      };
    }
    default:
      throw dataverseErrors.badRequest(`The query node ${n.type} is not supported.`);
  }
}

function operand(n: Node): (o: Obj) => unknown {
  const enumValue = /^[A-Za-z][\w.]*'(.*)'$/.exec(n.raw);
  if (n.type === 'Enum' || (n.type !== 'Literal' && enumValue)) {
    const value = enumValue?.[1] ?? n.raw;
    return () => value;
  }
  if (n.type === 'Literal') {
    const raw = n.raw;
    const enumMatch = /^[\w.]+'(.*)'$/.exec(raw);
    const value =
      raw === 'null' ? null
      : raw === 'true' ? true
      : raw === 'false' ? false
      : raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'")
      : enumMatch ? enumMatch[1]
      : /^-?\d/.test(raw) && !/^[0-9a-f]{8}-/i.test(raw) ? Number(raw)
      : raw.toLowerCase();
    return () => value;
  }
  if (n.type === 'CommonExpression') return operand(n.value);
  const path = n.raw.split('/');
  return (o) => {
    let v: unknown = o;
    for (const p of path) v = v && typeof v === 'object' ? (v as Obj)[p] : undefined;
    return v ?? null;
  };
}
