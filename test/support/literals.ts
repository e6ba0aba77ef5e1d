/**
 * Finds user-facing English left outside the message catalog: string and
 * template literals in src whose text (placeholders removed) reads as prose, two
 * or more words. Parsed with the TypeScript compiler, so comments, regexes and
 * types never confuse it. Not flagged: literal types, property names, imports,
 * and literals on a line marked `i18n-ignore` (or the line after such a comment),
 * or in a file whose header says `i18n-ignore-file`. Use the marker for text that
 * is not read by a person in the interface: prompts sent to a model, wire values,
 * test-only names; say why after it.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";

export interface Literal {
	line: number;
	text: string;
}

const PROSE = /[A-Za-z][a-z']*[,:;.!?]? +[A-Za-z][a-z']*/;

function textOf(node: ts.Node): string | null {
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
	if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ¤ ");
	return null;
}

function skipped(node: ts.Node): boolean {
	const p = node.parent;
	if (!p) return false;
	if (ts.isLiteralTypeNode(p) || ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
	if ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === node) return true;
	if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
	if (ts.isCaseClause(p) || ts.isImportTypeNode(p)) return true;
	return false;
}

export function proseLiterals(path: string): Literal[] {
	const source = readFileSync(path, "utf8");
	if (/i18n-ignore-file/.test(source.slice(0, 2000))) return [];
	const lines = source.split("\n");
	const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
	const out: Literal[] = [];
	const visit = (node: ts.Node): void => {
		const text = textOf(node);
		if (text !== null && !skipped(node) && PROSE.test(text.replace(/ ¤ /g, " "))) {
			const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
			const here = lines[line] ?? "";
			const before = lines[line - 1] ?? "";
			if (!here.includes("i18n-ignore") && !/^\s*\/\/.*i18n-ignore/.test(before)) out.push({ line: line + 1, text });
		}
		if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
		else node.templateSpans.forEach((s) => visit(s.expression));
	};
	visit(file);
	return out;
}
