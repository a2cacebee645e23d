# Feature "connector-github": what ops drop into deploy/ to sync GitHub or GitHub Enterprise Server.
# The runtime build copies these bundles to connectors/github/ in the distribution.
# (The HTTP toolkit and Jackson, which it uses, are part of the core platform.)

20 dev.tributary:connector.github:${project.version}
