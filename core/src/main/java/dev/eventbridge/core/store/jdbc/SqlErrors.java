package dev.eventbridge.core.store.jdbc;

import dev.eventbridge.core.store.StoreException;
import dev.eventbridge.core.store.StoreRefusedException;
import dev.eventbridge.core.store.StoreUnavailableException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.h2.mvstore.MVStoreException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Reading JDBC failures without leaking data: drivers put statement parameters (event fields) into
 * their messages (pgjdbc's batch message, H2's "value too long"), so logs and responses get the
 * SQLState and, where the driver keeps it apart, the server's primary message only.
 */
public final class SqlErrors {

    /** H2's database is closed (90098), closed at shutdown (90121), an I/O error (90028, 90031). */
    private static final Set<String> H2_CLOSED = Set.of("90098", "90121", "90028", "90031");

    private SqlErrors() {
    }

    /**
     * A store exception for a failed operation: {@code what} and {@link #describe}; unavailable when
     * the database could not be reached, refused when it refused the data.
     */
    public static StoreException wrap(String what, SQLException e) {
        String message = what + " failed: " + describe(e);
        if (isConnectionFailure(e)) {
            return new StoreUnavailableException(message, e);
        }
        return isDataError(e) ? new StoreRefusedException(message, e) : new StoreException(message, e);
    }

    /**
     * Rolls back after {@code failure}; a rollback that fails too is added to it as suppressed, so
     * the first failure, which says why, is the one reported (on a database that closed itself
     * the rollback only says it is closed).
     */
    public static void rollback(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException r) {
            failure.addSuppressed(r);
        }
    }

    /** The SQLState, vendor code and the server's primary message where it carries no values. */
    public static String describe(SQLException e) {
        SQLException root = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String state = root.getSQLState();
        StringBuilder out = new StringBuilder("SQLState ").append(state == null ? "?" : state);
        if (root.getErrorCode() != 0) {
            out.append(", code ").append(root.getErrorCode());
        }
        if (root instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            out.append(": ").append(m.getMessage()); // the primary message; Detail and Where (with values) left out
        } else if (!isDataError(root)) {
            out.append(": ").append(root.getMessage());
        }
        return out.toString();
    }

    /** A unique or other integrity constraint refused the row (class 23). */
    public static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** The data itself was refused (class 22 data exception, 23 constraint, 54 a limit such as a value too large). */
    public static boolean isDataError(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.startsWith("22") || s.startsWith("23") || s.startsWith("54"));
    }

    /**
     * H2 closed the database under this session: its store failed to write (disk full, an I/O
     * error) and closed itself, or was shut down. H2 keeps failing such sessions; a new
     * connection reopens the file at its last complete write. A commit that fails this way may
     * still have been written by another session's store operation before the failure.
     */
    public static boolean isDatabaseClosed(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MVStoreException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && H2_CLOSED.contains(s.getSQLState())) {
                return true;
            }
        }
        return e.getNextException() != null && e.getNextException() != e && isDatabaseClosed(e.getNextException());
    }

    /** The database could not be reached or went away (class 08, admin shutdown, a pool timeout). */
    public static boolean isConnectionFailure(SQLException e) {
        String s = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || (s != null && (s.startsWith("08") || s.startsWith("57P")));
    }
}
