import { join } from 'node:path';
import { CqlStore } from '../../src-main/store/cql/CqlStore';
import { DuckDbStore } from '../../src-main/store/duckdb/DuckDbStore';
import { cassandraPort, cqlSettings, testKeyspace } from '../support/cassandraServer';
import { tempDataDir } from '../support/coreHarness';
import { storeContract } from './storeContract';

/** The Store contract on every implementation: the DuckDB file, and a real Cassandra node. */
storeContract('duckdb', async () => {
  const data = await tempDataDir();
  return { store: await DuckDbStore.open(join(data.dir, 'contract.duckdb')), cleanup: data.remove };
});

const port = cassandraPort();
if (port > 0) {
  storeContract('cql', async () => ({
    store: await CqlStore.open(cqlSettings(port, testKeyspace('contract'))),
    cleanup: async () => undefined,
  }));
}
