import { isJsonObject, JsonValue } from '../../encoding/json';

/**
 * The `search` of ListBrands and ListModels: a bleve query string over every text of the indexed
 * document (pkg/devicerepository/store/bleve/store.go, bleve.NewQueryStringQuery; the documents
 * of store/bleve/init.go). Words match whole words (bleve's standard analyzer: split at
 * non-letters, lowercased) or a keyword-indexed ID as a whole; `*` and `?` are wildcards, matched
 * against the indexed words as written; `+word` must and `-word` must not match; without a `+`
 * word, at least one word must match.
 */

const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;

function words(text: string): string[] {
	return text.toLowerCase().split(WORD_SEPARATOR).filter(Boolean);
}

/** The indexed words of a document: the words of every string in it, and its keyword IDs whole. */
export function indexedWords(values: JsonValue[], keywords: string[]): Set<string> {
	const indexed = new Set<string>(keywords);
	const visit = (value: JsonValue) => {
		if (typeof value === 'string') words(value).forEach((word) => indexed.add(word));
		else if (Array.isArray(value)) value.forEach(visit);
		else if (isJsonObject(value)) Object.values(value).forEach(visit);
	};
	values.forEach(visit);
	return indexed;
}

function wildcard(pattern: string): RegExp {
	const source = pattern
		.split('')
		.map((character) =>
			character === '*' ? '.*' : character === '?' ? '.' : character.replace(/\W/, '\\$&'),
		)
		.join('');
	return new RegExp(`^${source}$`, 'u');
}

function termMatches(term: string, indexed: Set<string>): boolean {
	if (/[*?]/.test(term)) {
		const pattern = wildcard(term);
		return [...indexed].some((word) => pattern.test(word));
	}
	return words(term).some((word) => indexed.has(word));
}

export function matchesSearch(query: string, indexed: Set<string>): boolean {
	const terms = query.split(/\s+/).filter(Boolean);
	const required = terms.filter((term) => term.startsWith('+')).map((term) => term.slice(1));
	const excluded = terms.filter((term) => term.startsWith('-')).map((term) => term.slice(1));
	const optional = terms.filter((term) => !term.startsWith('+') && !term.startsWith('-'));
	if (excluded.some((term) => termMatches(term, indexed))) return false;
	if (required.length > 0) return required.every((term) => termMatches(term, indexed));
	return optional.some((term) => termMatches(term, indexed));
}
