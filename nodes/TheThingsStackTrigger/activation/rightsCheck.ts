import type { ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { grantsRight, rightsOnEntity } from '../../shared/rights/entityRights';
import type { EventSelection } from '../events/eventSelection';
import { isPattern, namesMatchingPattern } from '../events/eventRouting';
import type { WatchedEntity } from './watchedEntities';
import { describeEntity } from './watchedEntities';

type EntityKind = 'application' | 'gateway';

// Who may see an event (its visibility, `events.WithVisibility` in pkg/applicationserver,
// pkg/networkserver, pkg/joinserver, pkg/gatewayserver and pkg/identityserver): a subscription
// that lacks all of these rights gets a stream in which such events never appear.
const VISIBILITY: Array<{ prefix: string; kind: EntityKind; anyOf: string[] }> = [
	{ prefix: 'end_device.', kind: 'application', anyOf: ['RIGHT_APPLICATION_DEVICES_READ'] },
	{
		prefix: 'application.api-key.',
		kind: 'application',
		anyOf: ['RIGHT_APPLICATION_SETTINGS_API_KEYS'],
	},
	{
		prefix: 'application.collaborator.',
		kind: 'application',
		anyOf: ['RIGHT_APPLICATION_SETTINGS_COLLABORATORS'],
	},
	{ prefix: 'application.', kind: 'application', anyOf: ['RIGHT_APPLICATION_INFO'] },
	{ prefix: 'as.', kind: 'application', anyOf: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
	{ prefix: 'ns.', kind: 'application', anyOf: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
	{ prefix: 'js.', kind: 'application', anyOf: ['RIGHT_APPLICATION_TRAFFIC_READ'] },
	{
		prefix: 'gs.gateway.',
		kind: 'gateway',
		anyOf: ['RIGHT_GATEWAY_LINK', 'RIGHT_GATEWAY_STATUS_READ'],
	},
	{
		prefix: 'gs.status.',
		kind: 'gateway',
		anyOf: ['RIGHT_GATEWAY_LINK', 'RIGHT_GATEWAY_STATUS_READ'],
	},
	{ prefix: 'gs.', kind: 'gateway', anyOf: ['RIGHT_GATEWAY_TRAFFIC_READ'] },
	{ prefix: 'gateway.api-key.', kind: 'gateway', anyOf: ['RIGHT_GATEWAY_SETTINGS_API_KEYS'] },
	{ prefix: 'gateway.', kind: 'gateway', anyOf: ['RIGHT_GATEWAY_INFO'] },
];

/**
 * Fails when the chosen events can never reach the trigger: the API key lacks the rights that
 * make them visible, or none of them concerns a watched entity (uplinks of a gateway). The key's
 * rights come from `GET /{applications|gateways}/{id}/rights`; when they cannot be read, the
 * check is skipped and the stream decides. "All events" means all the key may see: no check.
 */
export async function ensureEventsVisible(
	this: ITriggerFunctions,
	entities: WatchedEntity[],
	selection: EventSelection,
): Promise<void> {
	if (selection.all) return;
	const names = resolveNames(selection.filters);
	if (!names) return;
	const exact = new Set(selection.filters.filter((filter) => !isPattern(filter)));
	await Promise.all(
		entities.map(async (entity) => await ensureVisibleFor.call(this, entity, names, exact)),
	);
}

async function ensureVisibleFor(
	this: ITriggerFunctions,
	entity: WatchedEntity,
	names: string[],
	exact: ReadonlySet<string>,
): Promise<void> {
	const kind: EntityKind = entity.kind === 'gateway' ? 'gateway' : 'application';
	const relevant = names
		.map((name) => ({ name, rule: VISIBILITY.find((each) => name.startsWith(each.prefix)) }))
		.filter(({ rule }) => rule?.kind === kind);
	if (relevant.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`None of the chosen events concerns the ${describeEntity(entity)}`,
			{
				description: `${names.join(', ')} ${names.length === 1 ? 'is an event' : 'are events'} of ${kind === 'gateway' ? 'applications and devices' : 'gateways'}. Choose events of the ${kind}, or watch another entity.`,
			},
		);
	}
	const rights = await rightsOnEntity.call(
		this,
		entity.kind === 'gateway'
			? entity
			: { kind: 'application', applicationId: entity.applicationId },
	);
	if (!rights || rights.length === 0) return;
	const visible = ({ rule }: (typeof relevant)[number]) =>
		rule?.anyOf.some((right) => grantsRight(rights, right)) === true;
	// A pattern is fine as long as the key may see some of what it matches; an exact name is not.
	const invisible = relevant.some(visible)
		? relevant.filter((each) => exact.has(each.name) && !visible(each))
		: relevant;
	if (invisible.length === 0) return;
	const needed = [...new Set(invisible.map(({ rule }) => rule?.anyOf.join(' or ')))];
	throw new NodeOperationError(
		this.getNode(),
		`The API key may not see ${invisible.map(({ name }) => name).join(', ')} of the ${describeEntity(entity)}`,
		{
			description: `The Things Stack only streams these events to keys with ${needed.join(', and ')}. Add the right to the API key in the Console, or use a key that has it.`,
		},
	);
}

// Exact names and the known names of patterns; undefined when a pattern cannot be resolved here.
function resolveNames(filters: string[]): string[] | undefined {
	const names = new Set<string>();
	for (const filter of filters) {
		if (!isPattern(filter)) {
			names.add(filter);
			continue;
		}
		const matching = namesMatchingPattern(filter);
		if (!matching || matching.length === 0) return undefined;
		matching.forEach((name) => names.add(name));
	}
	return [...names];
}
