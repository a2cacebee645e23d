# Feature "connector-filesystem": what ops drop into deploy/ to sync folders of this host.
# The runtime build copies these bundles to connectors/filesystem/ in the distribution.
# (Text extraction, which it uses, is part of the core platform.)

20 dev.tributary:connector.filesystem:${project.version}
