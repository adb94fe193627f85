package com.example.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.testkit.KvsEdgeExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class StreamCatalogTest {
    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();

    @DynamicPropertySource
    static void kinesisVideo(DynamicPropertyRegistry registry) {
        registry.add("kvs.endpoint", () -> kvsEdge.endpoint().toString());
        registry.add("kvs.region", kvsEdge::region);
    }

    /** The application uses the SDK's default credentials chain, which reads these system properties first. */
    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", kvsEdge.accessKeyId());
        System.setProperty("aws.secretAccessKey", kvsEdge.secretAccessKey());
    }

    @Autowired
    StreamCatalog catalog;

    @Test
    void theCatalogListsTheCamerasOfASite() {
        catalog.addCamera("warehouse", "dock");
        catalog.addCamera("warehouse", "aisle-3");
        catalog.addCamera("office", "lobby");

        assertThat(catalog.cameras("warehouse")).containsExactly("aisle-3", "dock");
        assertThat(kvsEdge.kinesisVideo().describeStream(r -> r.streamName("office-lobby")).streamInfo().dataRetentionInHours())
                .isEqualTo(72);
    }
}
