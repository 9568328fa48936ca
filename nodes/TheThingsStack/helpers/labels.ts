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

// Key paths by the names the node's fields give them.
const KEY_LABELS: Record<string, string> = {
	'root_keys.app_key.key': 'AppKey',
	'root_keys.nwk_key.key': 'NwkKey',
	'session.keys.app_s_key.key': 'AppSKey',
	'session.keys.f_nwk_s_int_key.key': 'NwkSKey (FNwkSIntKey)',
	'session.keys.s_nwk_s_int_key.key': 'SNwkSIntKey',
	'session.keys.nwk_s_enc_key.key': 'NwkSEncKey',
	'session.dev_addr': 'Device Address',
};

/** An end device field as the device fields of the node name it: `root_keys.app_key.key` → `AppKey`. */
export function deviceFieldLabel(path: string): string {
	return KEY_LABELS[path] ?? fieldLabel(path);
}
