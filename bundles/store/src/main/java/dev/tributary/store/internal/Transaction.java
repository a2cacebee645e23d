package dev.tributary.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done in one transaction on one connection: committed if it returns, rolled back if it throws. */
final class Transaction {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transaction() {}

    static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
