# Feature "core": the platform every Tributary host runs. runtime/ assembles system/ from it.
#
# Format, one entry per line ('#' starts a comment):
#   framework <groupId>:<artifactId>:<version>   the OSGi framework (on the launcher's class path)
#   <start level> <groupId>:<artifactId>:<version>   a bundle, started at that level
# Bundles start by level, then in the order listed. Deployed bundles start at level 20, after
# all of these. Versions are properties of the parent pom, so they are pinned in one place.

framework org.apache.felix:org.apache.felix.framework:${felix.framework.version}

# Logging first, so nothing logs into the void (pax-logging needs no ServiceLoader tricks).
1 org.ops4j.pax.logging:pax-logging-api:${pax-logging.version}
1 org.ops4j.pax.logging:pax-logging-log4j2:${pax-logging.version}

# OSGi services: Declarative Services, Configuration Admin (+ etc/*.cfg), Metatype.
2 org.osgi:org.osgi.util.function:${osgi.function.version}
2 org.osgi:org.osgi.util.promise:${osgi.promise.version}
2 org.osgi:org.osgi.service.component:${osgi.component.version}
2 org.apache.felix:org.apache.felix.configadmin:${felix.configadmin.version}
2 org.apache.felix:org.apache.felix.scr:${felix.scr.version}
2 org.apache.felix:org.apache.felix.metatype:${felix.metatype.version}
# etc/<factory pid>~<name>.cfg (FileInstall reads only <factory pid>-<name>.cfg as a factory configuration):
# listed before FileInstall, so its installer is there for FileInstall's first scan of etc/.
3 dev.tributary:configfiles:${project.version}
3 org.apache.felix:org.apache.felix.fileinstall:${felix.fileinstall.version}

# HTTP whiteboard on Jetty 12, and JSON.
4 org.apache.felix:org.apache.felix.http.servlet-api:${felix.http.servlet-api.version}
4 commons-io:commons-io:${commons-io.version}
4 commons-fileupload:commons-fileupload:${commons-fileupload.version}
4 org.apache.felix:org.apache.felix.http.jetty12:${felix.http.jetty12.version}
4 com.fasterxml.jackson.core:jackson-annotations:${jackson-annotations.version}
4 com.fasterxml.jackson.core:jackson-core:${jackson.version}
4 com.fasterxml.jackson.core:jackson-databind:${jackson.version}
4 com.fasterxml.jackson.datatype:jackson-datatype-jsr310:${jackson.version}

# Embedded database and its connection pool.
4 org.hsqldb:hsqldb:${hsqldb.version}
4 com.zaxxer:HikariCP:${hikaricp.version}

# Retries, circuit breakers and rate limiters for the HTTP toolkit.
4 dev.failsafe:failsafe:${failsafe.version}

# Argon2id password hashes for the store's users (BouncyCastle's lightweight API).
4 org.bouncycastle:bcprov-jdk18on:${bcprov.version}

# Tributary's own services.
5 dev.tributary:api:${project.version}
5 dev.tributary:deploy:${project.version}
5 dev.tributary:host:${project.version}
5 dev.tributary:vault:${project.version}
5 dev.tributary:store:${project.version}
5 dev.tributary:index:${project.version}
5 dev.tributary:scheduler:${project.version}
5 dev.tributary:sync:${project.version}
5 dev.tributary:rest:${project.version}
# The web console at / (static pages on the REST API).
5 dev.tributary:console:${project.version}
# POST /hooks/<instance>: deliveries verified, stored, then processed through the sync engine.
5 dev.tributary:webhooks:${project.version}
# OAuth: credentials for connector instances, and GET /oauth/callback for the authorization code flow
# (the Nimbus OAuth SDK embedded privately).
5 dev.tributary:oauth:${project.version}
# GET /metrics in the Prometheus text format (Micrometer and the Prometheus client embedded privately).
5 dev.tributary:metrics:${project.version}
5 dev.tributary:http:${project.version}
# Text extraction (Apache Tika, embedded privately; built on first use).
5 dev.tributary:extract:${project.version}
