import type { IDataObject } from 'n8n-workflow';

import { InvalidEntityInput, readServerAddress } from './entityInput';

/**
 * A device's payload formatters. The Application Server keeps them as one object per device
 * (MessagePayloadFormatters): a device with the object uses its own formatter in both
 * directions, FORMATTER_NONE where the object names none; a device without it uses the
 * application's default formatters (pkg/applicationserver/payload.go). So "the application
 * default" for one direction, next to a formatter of the device's own for the other, can only be
 * a copy of the application's current default.
 */

export type Direction = 'up' | 'down';

/** The option meaning "no formatter of the device's own: the application's default". */
export const APPLICATION_DEFAULT = 'APPLICATION_DEFAULT';

// api/ttn/lorawan/v3/messages.proto PayloadFormatter.
const PAYLOAD_FORMATTERS = [
	'FORMATTER_NONE',
	'FORMATTER_REPOSITORY',
	'FORMATTER_GRPC_SERVICE',
	'FORMATTER_JAVASCRIPT',
	'FORMATTER_CAYENNELPP',
];

// messages.proto MessagePayloadFormatters: 40960 runes; the Application Server's default
// Formatters.MaxParameterLength: 40960 bytes.
const MAX_PARAMETER_LENGTH = 40960;

export interface OwnFormatter {
	formatter: string;
	/** The JavaScript, or the gRPC service address; none for the other formatters. */
	parameter?: string;
}

export type FormatterChoice = typeof APPLICATION_DEFAULT | OwnFormatter;

/** What the user chose per direction; a direction left out is not given. */
export type FormatterChoices = Partial<Record<Direction, FormatterChoice>>;

const LABELS: Record<Direction, { formatter: string; parameter: string }> = {
	up: { formatter: 'Uplink Payload Formatter', parameter: 'Uplink Formatter Parameter' },
	down: { formatter: 'Downlink Payload Formatter', parameter: 'Downlink Formatter Parameter' },
};

/** Reads one direction's choice; throws InvalidEntityInput naming the field. */
export function readFormatterChoice(
	direction: Direction,
	type: string,
	parameter: string | undefined,
): FormatterChoice {
	const label = LABELS[direction];
	if (type === APPLICATION_DEFAULT) return APPLICATION_DEFAULT;
	if (!PAYLOAD_FORMATTERS.includes(type)) {
		throw new InvalidEntityInput(
			`${label.formatter} "${type}" is not one of ${[APPLICATION_DEFAULT, ...PAYLOAD_FORMATTERS].join(', ')}`,
		);
	}
	if (type === 'FORMATTER_JAVASCRIPT') {
		if (!parameter?.trim()) {
			throw new InvalidEntityInput(`${label.formatter} is JavaScript but the script is empty`);
		}
		const bytes = Buffer.byteLength(parameter, 'utf8');
		if (bytes > MAX_PARAMETER_LENGTH) {
			throw new InvalidEntityInput(
				`${label.parameter} is ${bytes} bytes long: The Things Stack accepts at most ${MAX_PARAMETER_LENGTH}`,
			);
		}
		return { formatter: type, parameter };
	}
	if (type === 'FORMATTER_GRPC_SERVICE') {
		return { formatter: type, parameter: readServerAddress(label.parameter, parameter) };
	}
	// CayenneLPP, the Device Repository and None take no parameter (the Console sends none).
	return { formatter: type };
}

/** Whether the choices leave a direction to the device's current formatters (Update). */
export function keepsCurrentFormatters(choices: FormatterChoices): boolean {
	return choices.up === undefined || choices.down === undefined;
}

function ownFormatter(direction: Direction, source: IDataObject): OwnFormatter {
	const parameter = source[`${direction}_formatter_parameter`];
	return {
		formatter: String(source[`${direction}_formatter`] ?? 'FORMATTER_NONE'),
		...(typeof parameter === 'string' && parameter !== '' ? { parameter } : {}),
	};
}

/**
 * Each direction's formatter: the choice, else what `current` (the device's formatters object,
 * if it has one) holds, else the application default.
 */
function chosenFormatters(
	choices: FormatterChoices,
	current: IDataObject | undefined,
): Record<Direction, FormatterChoice> {
	const chosen = (direction: Direction): FormatterChoice =>
		choices[direction] ?? (current ? ownFormatter(direction, current) : APPLICATION_DEFAULT);
	return { up: chosen('up'), down: chosen('down') };
}

/**
 * The direction left to the application default next to a formatter of the device's own: its
 * default must be copied into the device's formatters.
 */
export function applicationDefaultToCopy(
	choices: FormatterChoices,
	current: IDataObject | undefined,
): Direction | undefined {
	const { up, down } = chosenFormatters(choices, current);
	if (up === APPLICATION_DEFAULT && down !== APPLICATION_DEFAULT) return 'up';
	if (down === APPLICATION_DEFAULT && up !== APPLICATION_DEFAULT) return 'down';
	return undefined;
}

/**
 * The device's `formatters` object for the choices, or null for none (both directions on the
 * application default). A direction not chosen keeps `current`; a direction on the application
 * default next to one of the device's own gets `applicationDefaults` (FORMATTER_NONE without).
 */
export function resolveFormatters(
	choices: FormatterChoices,
	current: IDataObject | undefined,
	applicationDefaults: IDataObject | undefined,
): IDataObject | null {
	const chosen = chosenFormatters(choices, current);
	if (chosen.up === APPLICATION_DEFAULT && chosen.down === APPLICATION_DEFAULT) return null;
	const formatters: IDataObject = {};
	for (const direction of ['up', 'down'] as Direction[]) {
		const choice = chosen[direction];
		const { formatter, parameter } =
			choice === APPLICATION_DEFAULT ? ownFormatter(direction, applicationDefaults ?? {}) : choice;
		formatters[`${direction}_formatter`] = formatter;
		if (parameter !== undefined) formatters[`${direction}_formatter_parameter`] = parameter;
	}
	return formatters;
}
