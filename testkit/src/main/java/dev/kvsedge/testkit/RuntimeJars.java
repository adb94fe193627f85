package dev.kvsedge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the jars of the testkit's runtime (the server, the agent, the camera and their libraries), which the testkit
 * jar carries under {@value #FOLDER}. From a jar they are copied once into a cache folder of the user's own in the
 * temporary folder (or the folder the system property {@value #CACHE_PROPERTY} names), named by their CRC so that
 * versions never mix; later JVMs find them there. From a folder of
 * classes (this project's own build) they are used where they are.
 */
final class RuntimeJars {
    static final String FOLDER = "META-INF/kvs-edge-testkit/runtime/";
    /** A system property naming the cache folder instead (a build's own, say, which it may cache between runs). */
    static final String CACHE_PROPERTY = "kvs-edge.testkit.cache";

    private RuntimeJars() {}

    static List<URL> locate() throws IOException {
        CodeSource source = RuntimeJars.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException(
                    "kvs-edge testkit: cannot tell where its own jar is (no code source), so it cannot"
                            + " find the server it carries");
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("kvs-edge testkit: its classes come from " + source.getLocation()
                    + ", not from a jar file or a folder, so it cannot find the server it carries", e);
        }
        List<URL> jars = Files.isDirectory(location) ? inFolder(location.resolve(FOLDER)) : extracted(location);
        if (jars.isEmpty()) {
            throw new IllegalStateException("kvs-edge testkit: " + location + " holds no runtime under " + FOLDER
                    + " (in this project's own build, the testkit module needs the package phase: ./mvnw verify)");
        }
        return jars;
    }

    private static List<URL> inFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        return jars;
    }

    private static List<URL> extracted(Path testkitJar) throws IOException {
        Path cache = cacheFolder();
        List<URL> jars = new ArrayList<>();
        try (JarFile jar = new JarFile(testkitJar.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(FOLDER) || !name.endsWith(".jar")
                        || name.indexOf('/', FOLDER.length()) >= 0) {
                    continue;
                }
                Path target = cache.resolve(String.format("%08x-%s", entry.getCrc(), name.substring(FOLDER.length())));
                if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.size(target) != entry.getSize()) {
                    copy(jar, entry, target);
                }
                jars.add(target.toUri().toURL());
            }
        }
        jars.sort((a, b) -> a.toString().compareTo(b.toString()));
        return jars;
    }

    /** Written beside and renamed: other JVMs (parallel test forks) may be copying the same jar at the same time. */
    private static void copy(JarFile jar, JarEntry entry, Path target) throws IOException {
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * {@code java.io.tmpdir/kvs-edge-testkit-USER}, readable by its owner only: the jars in it are code this JVM runs,
     * so a folder someone else made (or a link) is not used, and a fresh one is made instead.
     */
    private static Path cacheFolder() throws IOException {
        String chosen = System.getProperty(CACHE_PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return Files.createDirectories(Path.of(chosen));
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "kvs-edge-testkit-" + user);
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createDirectory(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(folder);
            }
        } catch (FileAlreadyExistsException e) {
            // made by an earlier run: checked below
        }
        boolean ours = Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && (!posix
                || Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                        && Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS)
                                .equals(PosixFilePermissions.fromString("rwx------")));
        if (ours) {
            return folder;
        }
        Path fresh = Files.createTempDirectory("kvs-edge-testkit-");
        fresh.toFile().deleteOnExit();
        return fresh;
    }
}
