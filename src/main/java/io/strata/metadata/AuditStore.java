package io.strata.metadata;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code audit_log} table: batched inserts (one statement per batch, arrays unnested
 * server-side) and filtered reads, newest first by id. Audit rows are not cluster metadata: writes
 * neither bump the metadata version nor NOTIFY.
 *
 * <p>Thread-safe: stateless besides the data source.
 */
@ApplicationScoped
public class AuditStore {

    private final Jdbc jdbc;

    @Inject
    public AuditStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Inserts every row in one statement, all or nothing.
     *
     * @throws StrataException METADATA_STORE_UNAVAILABLE when PostgreSQL cannot be reached, anything
     *                         else when it refused the rows (see {@link #rejectedRows})
     */
    public void insert(List<AuditRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Long[] atMs = new Long[n];
        String[][] text = new String[7][n];
        for (int i = 0; i < n; i++) {
            AuditRow r = rows.get(i);
            atMs[i] = r.at().toEpochMilli();
            text[0][i] = r.principal();
            text[1][i] = r.client();
            text[2][i] = r.action();
            text[3][i] = r.resource();
            text[4][i] = r.outcome();
            text[5][i] = r.beforeJson();
            text[6][i] = r.afterJson();
        }
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO audit_log (at, principal, client, action, resource, outcome, before, after)
                    SELECT to_timestamp(a / 1000.0), p, cl, ac, r, o, b::jsonb, af::jsonb
                    FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                        WITH ORDINALITY AS u(a, p, cl, ac, r, o, b, af, n)
                    ORDER BY n""")) {
                ps.setArray(1, c.createArrayOf("bigint", atMs));
                for (int column = 0; column < text.length; column++) {
                    ps.setArray(column + 2, c.createArrayOf("text", text[column]));
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Whether {@code failure} from {@link #insert} means PostgreSQL refused the rows themselves (bad
     * data, such as text it cannot store) rather than being unreachable or busy: retrying the same
     * rows would fail forever.
     */
    public static boolean rejectedRows(RuntimeException failure) {
        if (failure instanceof StrataException e && e.kind() == ErrorKind.METADATA_STORE_UNAVAILABLE) {
            return false;
        }
        // SQL state classes 22 (data exception) and 23 (integrity constraint violation)
        return failure.getCause() instanceof SQLException s && s.getSQLState() != null
                && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"));
    }

    /** The rows matching {@code query}, newest (highest id) first. */
    public List<StoredAuditRow> query(AuditQuery query) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, at, principal, client, action, resource, outcome, before::text, after::text FROM audit_log WHERE true");
        List<Object> params = new ArrayList<>();
        condition(sql, params, " AND principal = ?", query.principal());
        condition(sql, params, " AND action = ?", query.action());
        // LIKE with the wildcards escaped, rather than starts_with(), so the text_pattern_ops index applies
        condition(sql, params, " AND resource LIKE ? ESCAPE '\\'",
                query.resourcePrefix() == null ? null : likePrefix(query.resourcePrefix()));
        condition(sql, params, " AND outcome = ?", query.outcome());
        condition(sql, params, " AND at >= ?", query.from() == null ? null : query.from().atOffset(ZoneOffset.UTC));
        condition(sql, params, " AND at < ?", query.to() == null ? null : query.to().atOffset(ZoneOffset.UTC));
        condition(sql, params, " AND id < ?", query.beforeId());
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit());
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                return read(ps);
            }
        });
    }

    public Optional<StoredAuditRow> find(long id) {
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, at, principal, client, action, resource, outcome, before::text, after::text FROM audit_log WHERE id = ?")) {
                ps.setLong(1, id);
                return read(ps).stream().findFirst();
            }
        });
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private static List<StoredAuditRow> read(PreparedStatement ps) throws SQLException {
        List<StoredAuditRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredAuditRow(rs.getLong(1), new AuditRow(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9))));
            }
        }
        return out;
    }
}
