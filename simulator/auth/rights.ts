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

// pkg/identityserver/rights.go allPotentialRights: rights on an organization include those of
// the entities it can own (AllEntityRights), rights on a user also those of organizations.
const potentialPrefixes: Record<EntityType, string[]> = {
	application: ['RIGHT_APPLICATION_'],
	gateway: ['RIGHT_GATEWAY_'],
	client: ['RIGHT_CLIENT_'],
	organization: ['RIGHT_APPLICATION_', 'RIGHT_CLIENT_', 'RIGHT_GATEWAY_', 'RIGHT_ORGANIZATION_'],
	user: [
		'RIGHT_APPLICATION_',
		'RIGHT_CLIENT_',
		'RIGHT_GATEWAY_',
		'RIGHT_ORGANIZATION_',
		'RIGHT_USER_',
	],
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

/** The (implied) rights that can apply to an entity of the type, as allPotentialRights keeps them. */
export function rightsForEntity(rights: Iterable<string>, type: EntityType): string[] {
	const prefixes = potentialPrefixes[type];
	return expandRights(rights).filter((right) =>
		prefixes.some((prefix) => right.startsWith(prefix)),
	);
}

// pkg/ttnpb/rights.go AllAdminRights: every right but the _KEYS and _ALL ones. An admin's key
// gives these on every entity (pkg/identityserver/entity_access.go authInfo, admin-rights.all
// unset as by default).
const adminRights = new Set(
	allRights.filter((right) => !right.endsWith('_KEYS') && !right.endsWith('_ALL')),
);

/** The universal rights of an admin user's key: its rights without _KEYS and _ALL. */
export function universalRights(keyRights: Iterable<string>): string[] {
	return expandRights(keyRights).filter((right) => adminRights.has(right));
}

export function intersectRights(a: readonly string[], b: readonly string[]): string[] {
	const set = new Set(b);
	return a.filter((right) => set.has(right));
}

export function unionRights(...lists: ReadonlyArray<readonly string[]>): string[] {
	const union = new Set(lists.flat());
	return allRights.filter((right) => union.has(right));
}

export function isRight(value: string): boolean {
	return allRights.includes(value);
}
