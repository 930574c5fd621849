package io.horadus.verify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({
            "0.12, 0.12",
            "0.1234567, 0.1235",
            "0.05, 0.05",
            "4211, 4211",
            "-3, -3",
            "0, 0",
            "123456789012, 123456789012",
            "1e20, 1E+20",
            "1.5e17, 1.5E+17",
            "105.75, 105.8",
            "0.000012346, 0.00001235",
            "1.5e-9, 1.5E-9",
            "NaN, NaN",
            "Infinity, +Inf",
            "-Infinity, -Inf",
    })
    void valuesReadWithoutFloatNoise(double value, String shown) {
        assertThat(Numbers.format(value)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "300, 0.3s", "1000, 1s", "2550, 2.5s", "9999, 9.9s", "10000, 10s", "10499, 10s", "310000, 310s"})
    void secondsWithTenthsOnlyWhereTheyMatter(long millis, String shown) {
        assertThat(Numbers.seconds(Duration.ofMillis(millis))).isEqualTo(shown);
    }
}
