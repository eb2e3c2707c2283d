package io.strata.http.dto;

import java.util.List;

/** Answer of the read endpoint: records in offset order, empty past the high watermark. */
public record RecordsPage(List<ConsumedRecord> data) {}
