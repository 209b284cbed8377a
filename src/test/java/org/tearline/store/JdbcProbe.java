package org.tearline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.tearline.domain.Provenance;

/** Reads what the JDBC stores keep but the {@link Store} interface does not expose. */
final class JdbcProbe {

    private JdbcProbe() {}

    /** The provenance columns of one object version. */
    static Optional<Provenance> provenance(Connection conn, String collectionId, String objectId, String versionKey) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT prov_channel, prov_source"
                + " FROM object_version WHERE collection_id = ? AND object_id = ?"
                + " AND version = ?")) {
            ps.setString(1, collectionId);
            ps.setString(2, objectId);
            ps.setString(3, versionKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Provenance(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read provenance: " + e.getMessage(), e);
        }
    }
}
