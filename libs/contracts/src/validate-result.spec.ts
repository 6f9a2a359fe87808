import { resultCodec } from './codec';
import { decodeResult, InvalidResultError } from './validate-result';

describe('decodeResult', () => {
  it('decodes a result that names its job', () => {
    expect(decodeResult(resultCodec.encode({ jobId: 'j1', model: 'm', costUsd: 0.5 }))).toMatchObject({ jobId: 'j1', model: 'm', costUsd: 0.5 });
  });

  it('refuses a result with no job id, naming the field, for the DLQ', () => {
    const refused = (() => {
      try {
        decodeResult(resultCodec.encode({ model: 'm' }));
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidResultError);
    expect(refused).toMatchObject({ code: 'INVALID_RESULT', field: 'jobId', message: 'jobId: is required' });
  });
});
