import { join, relative } from 'node:path';
import * as ts from 'typescript';

import type { RouteDefinition } from '../../simulator/spec/routeTable';

const repoRoot = join(__dirname, '..', '..');
const apiPrefix = '/api/v3';

/** An API path written in the nodes or the credential, with the method next to it if any. */
export interface NodePath {
	/** `nodes/…/x.ts:12` */
	where: string;
	/** The path below /api/v3, one per value of its template: `{x}` a path parameter, `*` unknown. */
	paths: string[];
	/** The `method` of the request object the path is written in, if it says. */
	method?: string;
}

/**
 * Every path literal of nodes/ and credentials/ that addresses the API, found with the type
 * checker: a template like `/${collection}` is expanded over the string literal types of its
 * substitutions (`/applications`, `/gateways`), other substitutions become `*`.
 */
export function nodeApiPaths(firstSegments: ReadonlySet<string>): NodePath[] {
	const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.json'), undefined, {
		...ts.sys,
		onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
			throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
		},
	});
	if (!config) throw new Error('tsconfig.json could not be read');
	const program = ts.createProgram({
		rootNames: config.fileNames.filter((file) => file.endsWith('.ts')),
		options: { ...config.options, noEmit: true, incremental: false },
	});
	const checker = program.getTypeChecker();
	const found: NodePath[] = [];
	for (const source of program.getSourceFiles()) {
		const file = relative(repoRoot, source.fileName);
		if (source.isDeclarationFile || !/^(nodes|credentials)\//.test(file)) continue;
		const visit = (node: ts.Node): void => {
			const texts = templateValues(checker, node);
			const paths = texts?.map(belowApiPrefix).filter((path) => isApiPath(path, firstSegments));
			if (paths && paths.length > 0) {
				const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
				found.push({ where: `${file}:${line}`, paths, method: methodBeside(node) });
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}

function templateValues(checker: ts.TypeChecker, node: ts.Node): string[] | undefined {
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
	if (!ts.isTemplateExpression(node)) return undefined;
	let values = [node.head.text];
	for (const span of node.templateSpans) {
		const substitutions = literalTypeValues(checker, span.expression) ?? ['*'];
		values = values.flatMap((value) =>
			substitutions.map((substitution) => `${value}${substitution}${span.literal.text}`),
		);
	}
	return values;
}

function literalTypeValues(
	checker: ts.TypeChecker,
	expression: ts.Expression,
): string[] | undefined {
	const type = checker.getTypeAtLocation(expression);
	const members = type.isUnion() ? type.types : [type];
	const values: string[] = [];
	for (const member of members) {
		if (!member.isStringLiteral()) return undefined;
		values.push(member.value);
	}
	return values;
}

function belowApiPrefix(path: string): string {
	return path.startsWith(`${apiPrefix}/`) ? path.slice(apiPrefix.length) : path;
}

/** `/first/…` with a first segment the API has (or unknown), and no empty segment. */
function isApiPath(path: string, firstSegments: ReadonlySet<string>): boolean {
	if (!path.startsWith('/')) return false;
	const segments = path.slice(1).split('/');
	if (segments.some((segment) => segment === '')) return false;
	return segments[0] === '*' || firstSegments.has(segments[0]);
}

/** The string literal `method` of the object literal the path is a property of. */
function methodBeside(node: ts.Node): string | undefined {
	let parent = node.parent;
	while (
		ts.isConditionalExpression(parent) ||
		ts.isParenthesizedExpression(parent) ||
		ts.isAsExpression(parent)
	) {
		parent = parent.parent;
	}
	if (!ts.isPropertyAssignment(parent) || !ts.isObjectLiteralExpression(parent.parent)) {
		return undefined;
	}
	for (const property of parent.parent.properties) {
		if (
			ts.isPropertyAssignment(property) &&
			property.name.getText() === 'method' &&
			ts.isStringLiteral(property.initializer)
		) {
			return property.initializer.text;
		}
	}
	return undefined;
}

/**
 * Whether a node path fits a route: literal segments must be equal, a `{parameter}` segment
 * needs a parameter segment, a `*` segment fits anything.
 */
export function pathFitsRoute(path: string, route: RouteDefinition): boolean {
	const segments = path.slice(1).split('/');
	if (segments.length !== route.segments.length) return false;
	return segments.every((segment, index) => {
		const expected = route.segments[index];
		if (segment === '*') return true;
		if (/^\{[^}]*\}$/.test(segment) || segment.includes('*')) return expected === null;
		return expected === segment;
	});
}

/**
 * Whether a path with a fixed value where the route takes a parameter (the Storage Integration's
 * `…/packages/storage/uplink_message` for `…/packages/storage/{type}`) fits the route.
 */
export function pathFitsRouteWithValues(path: string, route: RouteDefinition): boolean {
	const segments = path.slice(1).split('/');
	if (segments.length !== route.segments.length) return false;
	return segments.every((segment, index) => {
		const expected = route.segments[index];
		return expected === null || segment === '*' || segment === expected;
	});
}
