import {
	APPLICATION_DEFAULT,
	applicationDefaultToCopy,
	FormatterChoices,
	readFormatterChoice,
	resolveFormatters,
} from '../../../../nodes/TheThingsStack/helpers/payloadFormatters';

const cayenne = { formatter: 'FORMATTER_CAYENNELPP' };
const script = { formatter: 'FORMATTER_JAVASCRIPT', parameter: 'function decodeUplink() {}' };
const defaults = {
	up_formatter: 'FORMATTER_JAVASCRIPT',
	up_formatter_parameter: 'default decoder',
	down_formatter: 'FORMATTER_CAYENNELPP',
};
const current = { up_formatter: 'FORMATTER_REPOSITORY', down_formatter: 'FORMATTER_NONE' };

describe('readFormatterChoice', () => {
	it('keeps the parameter of JavaScript and gRPC only', () => {
		expect(readFormatterChoice('up', APPLICATION_DEFAULT, 'x')).toBe(APPLICATION_DEFAULT);
		expect(readFormatterChoice('up', 'FORMATTER_CAYENNELPP', 'x')).toEqual(cayenne);
		expect(readFormatterChoice('down', 'FORMATTER_JAVASCRIPT', 'code')).toEqual({
			formatter: 'FORMATTER_JAVASCRIPT',
			parameter: 'code',
		});
		expect(
			readFormatterChoice('down', 'FORMATTER_GRPC_SERVICE', 'https://codec.example.com:9000/'),
		).toEqual({
			formatter: 'FORMATTER_GRPC_SERVICE',
			parameter: 'codec.example.com:9000',
		});
	});

	it('counts the 40960-byte limit in UTF-8 bytes', () => {
		expect(() =>
			readFormatterChoice('up', 'FORMATTER_JAVASCRIPT', 'é'.repeat(20480)),
		).not.toThrow();
		expect(() => readFormatterChoice('up', 'FORMATTER_JAVASCRIPT', 'é'.repeat(20481))).toThrow(
			'Uplink Formatter Parameter is 40962 bytes long: The Things Stack accepts at most 40960',
		);
	});
});

describe('resolveFormatters', () => {
	const resolve = (choices: FormatterChoices, device?: typeof current) => ({
		copies: applicationDefaultToCopy(choices, device),
		formatters: resolveFormatters(choices, device, defaults),
	});

	it('gives no formatters object when both directions use the application default', () => {
		expect(resolve({ up: APPLICATION_DEFAULT, down: APPLICATION_DEFAULT }, current)).toEqual({
			copies: undefined,
			formatters: null,
		});
		expect(resolve({ up: APPLICATION_DEFAULT })).toEqual({ copies: undefined, formatters: null });
	});

	it('copies the application default of the other direction for a device without formatters', () => {
		expect(resolve({ up: script })).toEqual({
			copies: 'down',
			formatters: {
				up_formatter: 'FORMATTER_JAVASCRIPT',
				up_formatter_parameter: 'function decodeUplink() {}',
				down_formatter: 'FORMATTER_CAYENNELPP',
			},
		});
		expect(resolve({ down: { formatter: 'FORMATTER_NONE' } })).toEqual({
			copies: 'up',
			formatters: {
				up_formatter: 'FORMATTER_JAVASCRIPT',
				up_formatter_parameter: 'default decoder',
				down_formatter: 'FORMATTER_NONE',
			},
		});
	});

	it('keeps what the device has for the direction not given', () => {
		expect(resolve({ up: cayenne }, current)).toEqual({
			copies: undefined,
			formatters: { up_formatter: 'FORMATTER_CAYENNELPP', down_formatter: 'FORMATTER_NONE' },
		});
		expect(resolve({ down: APPLICATION_DEFAULT }, current)).toEqual({
			copies: 'down',
			formatters: { up_formatter: 'FORMATTER_REPOSITORY', down_formatter: 'FORMATTER_CAYENNELPP' },
		});
	});

	it('writes FORMATTER_NONE for a default the application does not have', () => {
		expect(resolveFormatters({ up: cayenne }, undefined, undefined)).toEqual({
			up_formatter: 'FORMATTER_CAYENNELPP',
			down_formatter: 'FORMATTER_NONE',
		});
	});
});
