package dev.ciofake.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ciofake.internal.util.BoundedLongMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedLongMapTest {
  @Test
  void keepsTheNewestEntriesAndForgetsTheEldest() {
    BoundedLongMap m = new BoundedLongMap(3);
    for (long k = 1; k <= 5; k++) {
      m.putNew(k, k * 10);
    }
    assertThat(m.size()).isEqualTo(3);
    assertThat(m.get(1, -1)).isEqualTo(-1);
    assertThat(m.get(2, -1)).isEqualTo(-1);
    assertThat(m.get(3, -1)).isEqualTo(30);
    assertThat(m.get(5, -1)).isEqualTo(50);
    m.clear();
    assertThat(m.size()).isZero();
    assertThat(m.get(5, -1)).isEqualTo(-1);
  }

  /** Against an insertion-ordered LinkedHashMap, with keys that collide in the index (few distinct slots). */
  @Test
  void agreesWithALinkedHashMapUnderManyEvictions() {
    int capacity = 100;
    BoundedLongMap m = new BoundedLongMap(capacity);
    Map<Long, Long> reference = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
        return size() > capacity;
      }
    };
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextInt(400) * 256L; // multiples of 256: probe chains long and wrapping
      long expected = reference.getOrDefault(key, -1L);
      assertThat(m.get(key, -1)).isEqualTo(expected);
      if (expected < 0) {
        m.putNew(key, i);
        reference.put(key, (long) i);
      }
      assertThat(m.size()).isEqualTo(reference.size());
    }
    for (long k = 0; k < 400; k++) {
      assertThat(m.get(k * 256, -1)).isEqualTo(reference.getOrDefault(k * 256, -1L));
    }
  }

  @Test
  void hashesTellKindAndValueApart() {
    assertThat(BoundedLongMap.hash("id", "1")).isNotEqualTo(BoundedLongMap.hash("email", "1"))
        .isNotEqualTo(BoundedLongMap.hash("id1", "")).isEqualTo(BoundedLongMap.hash("id", "1"));
    assertThatThrownBy(() -> new BoundedLongMap(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
