package io.horadus.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code horadus --version}: the version the jar was built as. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        var version = Horadus.class.getPackage().getImplementationVersion();
        return new String[]{"horadus " + (version == null ? "(development build)" : version)};
    }
}
