package io.strata.metadata;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one funnel for PostgreSQL access: transactions, and translation of {@link SQLException} into
 * {@link StrataException} so that front ends report "metadata unavailable" as a retriable error.
 */
final class Jdbc {

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    static StrataException translate(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) { // connection exception class
            return new StrataException(ErrorKind.METADATA_STORE_UNAVAILABLE,
                    "The metadata store (PostgreSQL) is unavailable: " + e.getMessage(), e);
        }
        if ("57P01".equals(state) || "57P03".equals(state) || "53300".equals(state)) { // shutdown, starting, too many connections
            return new StrataException(ErrorKind.METADATA_STORE_UNAVAILABLE,
                    "The metadata store (PostgreSQL) is unavailable: " + e.getMessage(), e);
        }
        return new StrataException(ErrorKind.UNKNOWN_SERVER_ERROR, "Metadata store error: " + e.getMessage(), e);
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static Array intArray(Connection connection, List<Integer> values) throws SQLException {
        return connection.createArrayOf("integer", values.toArray());
    }

    static List<Integer> intList(Array array) throws SQLException {
        List<Integer> list = new ArrayList<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                list.add(((Number) o).intValue());
            }
        }
        return list;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is the one worth reporting
        }
    }
}
