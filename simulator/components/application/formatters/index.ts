import { cayenneLppFormatter } from './cayenneLpp';
import { deviceRepositoryFormatter, RepositoryCodecSource } from './deviceRepository';
import { javascriptFormatter } from './javascript';
import { PayloadProcessor } from './payloadProcessor';

export type { FormatterDevice, PayloadEncoderDecoder } from './payloadProcessor';
export { PayloadProcessor } from './payloadProcessor';
export type {
	RepositoryCodec,
	RepositoryCodecKind,
	RepositoryCodecSource,
} from './deviceRepository';

/**
 * The formatters the Application Server registers (pkg/applicationserver/applicationserver.go
 * New): JavaScript, CayenneLPP and the Device Repository, which runs the codec `repository`
 * names for the device's model. FORMATTER_GRPC_SERVICE is not registered in v3.32, so it fails
 * with formatter_not_configured, as there.
 */
export function applicationServerFormatters(repository?: RepositoryCodecSource): PayloadProcessor {
	const processor: PayloadProcessor = new PayloadProcessor({
		FORMATTER_JAVASCRIPT: javascriptFormatter,
		FORMATTER_CAYENNELPP: cayenneLppFormatter,
		FORMATTER_REPOSITORY: deviceRepositoryFormatter(() => processor, repository),
	});
	return processor;
}
