package org.tearline.store.jdbc;

/**
 * Stores whose identity tiers ({@link IdentityTiers}) are small (by default caps of 4, 8 and 16
 * entries) and measured after every addition, so that tests of a few objects see their entries
 * move through every tier, as a store's do after hundreds of thousands.
 */
public final class SmallIdentityTiers {

    private SmallIdentityTiers() {}

    /** Opens a store as {@link JdbcStore#open(JdbcStore.Settings)} does, with small tiers. */
    public static JdbcStore open(JdbcStore.Settings settings) {
        return open(settings, 4, 2);
    }

    /**
     * Opens a store whose tier 0 holds {@code firstCap} entries and each tier after it
     * {@code growth} times the one before, measured after every addition.
     */
    public static JdbcStore open(JdbcStore.Settings settings, long firstCap, long growth) {
        return JdbcStore.open(settings, new IdentityTiers(firstCap, growth, 1));
    }
}
