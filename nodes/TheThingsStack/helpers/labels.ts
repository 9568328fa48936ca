const ACRONYMS: Record<string, string> = {
	id: 'ID',
	ids: 'IDs',
	eui: 'EUI',
	mac: 'MAC',
	phy: 'PHY',
	lorawan: 'LoRaWAN',
	kek: 'KEK',
	rj: 'RJ',
	net: 'Net',
	b: 'B',
	c: 'C',
	cnt: 'Count',
	f: 'F',
};

/** `frequency_plan_id` → `Frequency Plan ID`: labels for API field names. */
export function fieldLabel(path: string): string {
	return path
		.split(/[._]/)
		.map((word) => ACRONYMS[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}
