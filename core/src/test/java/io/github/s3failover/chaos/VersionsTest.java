package io.github.s3failover.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The chaos suite's version check catches what it must: a body of two versions, cut or foreign. */
class VersionsTest {

  @Test
  void oneWholeVersionPasses() {
    assertThat(Versions.violation(2, Versions.content(2, 12345))).isNull();
  }

  @Test
  void aBodyWhoseTailComesFromAnotherVersionIsCaughtAtTheFirstForeignByte() {
    byte[] mixed = Versions.content(1, 7);
    byte[] other = Versions.content(1, 8);
    System.arraycopy(other, 40_000, mixed, 40_000, mixed.length - 40_000);

    assertThat(Versions.violation(1, mixed)).contains("two versions").contains("at byte 40000");
  }

  @Test
  void aShortBodyAndAnotherKeysVersionAreCaught() {
    assertThat(Versions.violation(0, Arrays.copyOf(Versions.content(0, 1), 1000)))
        .contains("1000 bytes");
    assertThat(Versions.violation(0, Versions.content(3, 1))).contains("something else");
  }
}
