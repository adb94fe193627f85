package com.example.catalog;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

@SpringBootApplication
public class CatalogApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatalogApplication.class, args);
    }

    /** The SDK's default credentials chain (environment, profile, instance role) and HTTP client. */
    @Bean(destroyMethod = "close")
    KinesisVideoClient kinesisVideo(@Value("${kvs.endpoint}") URI endpoint, @Value("${kvs.region}") String region) {
        return KinesisVideoClient.builder().endpointOverride(endpoint).region(Region.of(region)).build();
    }
}
