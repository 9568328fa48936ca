import type { INodeProperties } from 'n8n-workflow';

// Fields that devices, applications and gateways share on the Identity Server.

export const entityNameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description: 'A human-friendly name, at most 50 characters',
};

export const entityDescriptionField: INodeProperties = {
	displayName: 'Description',
	name: 'description',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'At most 2000 characters',
};

export const entityAttributesField: INodeProperties = {
	displayName: 'Attributes',
	name: 'attributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Attribute',
	description:
		'Up to 10 key-value pairs. Keys: 3–36 lowercase letters, digits and single hyphens; values: at most 200 characters. On update, the given attributes replace all existing ones.',
	options: [
		{
			name: 'attribute',
			displayName: 'Attribute',
			values: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

/** A position in degrees and meters, for entities that store a location. */
export const locationField: INodeProperties = {
	displayName: 'Location',
	name: 'location',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Location',
	options: [
		{
			name: 'position',
			displayName: 'Position',
			values: [
				{
					displayName: 'Latitude',
					name: 'latitude',
					type: 'number',
					typeOptions: { numberPrecision: 6, minValue: -90, maxValue: 90 },
					default: 0,
				},
				{
					displayName: 'Longitude',
					name: 'longitude',
					type: 'number',
					typeOptions: { numberPrecision: 6, minValue: -180, maxValue: 180 },
					default: 0,
				},
				{ displayName: 'Altitude (Meters)', name: 'altitude', type: 'number', default: 0 },
			],
		},
	],
};

/** Sorts collection options by display name, as n8n lists them. */
export function byDisplayName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Options of a Fields picker (API field names, labelled), sorted by label. */
export function fieldOptions(fields: readonly string[], label: (field: string) => string) {
	return fields
		.map((field) => ({ name: label(field), value: field }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Ascending and descending options for the sort orders an Identity Server list accepts. */
export function orderOptions(fields: readonly string[], label: (field: string) => string) {
	return fields
		.flatMap((field) => [
			{ name: `${label(field)} (Ascending)`, value: field },
			{ name: `${label(field)} (Descending)`, value: `-${field}` },
		])
		.sort((a, b) => a.name.localeCompare(b.name));
}
