package io.strata.kafka;

import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A CDI bean naming admin API keys that {@link AdminAudit} records, with how it describes them. A new
 * admin API is audited by adding its key to one of these (or a new bean), not by editing its handler.
 */
interface AuditedApis {

    Map<ApiKeys, AuditedApi> apis();
}
