import generatedShapes from '../generated/requestShapes.json';

export type EntityType = 'application' | 'gateway' | 'organization' | 'user' | 'client';

export interface EntityRef {
	type: EntityType;
	id: string;
}

/** Every right of rights.proto except the placeholder `right_invalid`. */
export const allRights: readonly string[] = (
	generatedShapes as unknown as { enums: Record<string, string[]> }
).enums.v3Right.filter((right) => right.startsWith('RIGHT_'));

const prefixByEntity: Record<EntityType, string> = {
	application: 'RIGHT_APPLICATION_',
	gateway: 'RIGHT_GATEWAY_',
	organization: 'RIGHT_ORGANIZATION_',
	user: 'RIGHT_USER_',
	client: 'RIGHT_CLIENT_',
};

const pseudoRights = new Set(allRights.filter((right) => right.endsWith('_ALL')));

export function entityRights(type: EntityType): string[] {
	return allRights.filter(
		(right) => right.startsWith(prefixByEntity[type]) && !pseudoRights.has(right),
	);
}

// pkg/ttnpb/rights.go Implied(): *_ALL expands to every right of the entity (RIGHT_ALL to all),
// *_LINK implies the rights a linked integration needs.
const impliedRights: Record<string, string[]> = {
	RIGHT_APPLICATION_LINK: [
		'RIGHT_APPLICATION_INFO',
		'RIGHT_APPLICATION_TRAFFIC_READ',
		'RIGHT_APPLICATION_TRAFFIC_DOWN_WRITE',
	],
	RIGHT_GATEWAY_LINK: ['RIGHT_GATEWAY_INFO'],
};

/** The rights with pseudo-rights expanded and implied rights added, in rights.proto order. */
export function expandRights(rights: Iterable<string>): string[] {
	const expanded = new Set<string>();
	for (const right of rights) {
		if (right === 'RIGHT_ALL') {
			allRights.forEach((each) => expanded.add(each));
			continue;
		}
		expanded.add(right);
		if (pseudoRights.has(right)) {
			const prefix = right.slice(0, -'ALL'.length);
			allRights.filter((each) => each.startsWith(prefix)).forEach((each) => expanded.add(each));
		}
		impliedRights[right]?.forEach((each) => expanded.add(each));
	}
	return allRights.filter((right) => expanded.has(right));
}

export function rightsForEntity(rights: Iterable<string>, type: EntityType): string[] {
	const prefix = prefixByEntity[type];
	return expandRights(rights).filter((right) => right.startsWith(prefix));
}

export function intersectRights(a: readonly string[], b: readonly string[]): string[] {
	const set = new Set(b);
	return a.filter((right) => set.has(right));
}

export function isRight(value: string): boolean {
	return allRights.includes(value);
}
