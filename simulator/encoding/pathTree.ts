/** Expands a prefix tree written as 'a,b(c,d(e))' into ['a', 'b', 'b.c', 'b.d', 'b.d.e']. */
export function expandPathTree(encoded: string): string[] {
	const paths: string[] = [];
	const parents: string[] = [];
	let segment = '';
	const emit = () => {
		if (segment) paths.push([...parents, segment].join('.'));
	};
	for (const character of encoded) {
		if (character === '(') {
			emit();
			parents.push(segment);
			segment = '';
		} else if (character === ')' || character === ',') {
			emit();
			segment = '';
			if (character === ')') parents.pop();
		} else {
			segment += character;
		}
	}
	emit();
	return paths;
}
