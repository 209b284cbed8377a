package org.tearline;

import org.tearline.cli.Cli;

/** The {@code tearline} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.in, System.out, System.err));
    }
}
