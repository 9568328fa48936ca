/** Radio settings of a simulated uplink: what a gateway would report for it. */
export interface UplinkRadio {
	/** Hz */
	frequency: number;
	spreadingFactor: number;
	/** Hz */
	bandwidth: number;
}

interface BandDefault {
	/** First uplink channel, Hz. */
	frequency: number;
	/** Spacing of the 125 kHz uplink channels, for plans named by sub-band (`_FSB_n`), Hz. */
	channelSpacing?: number;
	bandwidth?: number;
}

// The first default uplink channel of each band (LoRaWAN Regional Parameters RP002-1.0.4); for
// US/AU/CN plans with a sub-band, channel 8 × (n − 1) of that band.
const BAND_DEFAULTS: Record<string, BandDefault> = {
	EU_863_870: { frequency: 868_100_000 },
	EU_433: { frequency: 433_175_000 },
	US_902_928: { frequency: 902_300_000, channelSpacing: 200_000 },
	AU_915_928: { frequency: 915_200_000, channelSpacing: 200_000 },
	CN_470_510: { frequency: 470_300_000, channelSpacing: 200_000 },
	CN_779_787: { frequency: 779_500_000 },
	AS_923: { frequency: 923_200_000 },
	AS_923_2: { frequency: 921_400_000 },
	AS_923_3: { frequency: 916_600_000 },
	AS_923_4: { frequency: 917_300_000 },
	KR_920_923: { frequency: 922_100_000 },
	IN_865_867: { frequency: 865_062_500 },
	RU_864_870: { frequency: 868_900_000 },
	MA_869_870_DRAFT: { frequency: 869_100_000 },
	ISM_2400: { frequency: 2_403_000_000, bandwidth: 812_000 },
};

export const DEFAULT_SPREADING_FACTOR = 7;
export const DEFAULT_BANDWIDTH = 125_000;

/** The band a frequency plan belongs to when the server's plan list does not say (`EU_863_870_TTN` → `EU_863_870`). */
export function bandOfPlanId(planId: string): string | undefined {
	return Object.keys(BAND_DEFAULTS)
		.filter((band) => planId === band || planId.startsWith(`${band}_`))
		.sort((a, b) => b.length - a.length)[0];
}

/**
 * A plausible uplink channel and data rate (SF7, 125 kHz) for a device's frequency plan and band;
 * Europe 868 MHz when neither is known.
 */
export function defaultUplinkRadio(planId?: string, bandId?: string): UplinkRadio {
	const band = (bandId && BAND_DEFAULTS[bandId] ? bandId : undefined) ?? bandOfPlanId(planId ?? '');
	const defaults = BAND_DEFAULTS[band ?? 'EU_863_870'];
	let frequency = defaults.frequency;
	const subBand = /_FSB_(\d+)$/.exec(planId ?? '');
	if (subBand && defaults.channelSpacing) {
		frequency += (Number(subBand[1]) - 1) * 8 * defaults.channelSpacing;
	}
	return {
		frequency,
		spreadingFactor: DEFAULT_SPREADING_FACTOR,
		bandwidth: defaults.bandwidth ?? DEFAULT_BANDWIDTH,
	};
}
