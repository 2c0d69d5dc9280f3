package io.kubernaut.schema.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An application of Spring Boot's auto-configuration (the starter's included) and nothing else. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {
}
