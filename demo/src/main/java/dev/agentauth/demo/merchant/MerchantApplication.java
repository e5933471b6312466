package dev.agentauth.demo.merchant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The demo merchant: a small shop API whose {@code /api/**} requires agent-signed requests.
 *
 * @since 0.1.0
 */
@SpringBootApplication
@EnableMethodSecurity
public class MerchantApplication {

	public static void main(String[] args) {
		SpringApplication.run(MerchantApplication.class, args);
	}

}
