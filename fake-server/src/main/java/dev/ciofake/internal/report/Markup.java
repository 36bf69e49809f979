package dev.ciofake.internal.report;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * How every report is written: XML by the JDK's {@link XMLStreamWriter}, HTML by Handlebars templates (WireMock
 * brings Handlebars) with Handlebars' HTML escaper. Both drop the characters XML 1.0 forbids, here and nowhere else,
 * so every report is well-formed XML whatever a request carried (the HTML pages too, so tools can parse them
 * strictly). Used by the fake's reports and by the scenario runner's.
 */
public final class Markup {
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
  private static final Handlebars HANDLEBARS = new Handlebars()
      .with((EscapingStrategy) value -> EscapingStrategy.HTML_ENTITY.escape(xmlChars(value.toString())));
  private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();

  private Markup() {}

  /**
   * Text XML 1.0 can carry: each character it forbids (controls other than tab, newline and return, lone
   * surrogates, U+FFFE, U+FFFF) becomes a space.
   */
  public static String xmlChars(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
        continue;
      }
      ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800) || (c > 0xDFFF && c < 0xFFFE);
      if (!ok && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(ok ? c : ' ');
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * Renders the Handlebars template {@code name}, a class-path resource beside {@code owner}, with a model of maps,
   * lists, strings, numbers and booleans. {@code {{x}}} is escaped, {@code {{{x}}}} is not (only for markup the
   * renderer built itself).
   */
  public static String html(Class<?> owner, String name, Map<String, ?> model) {
    Template t = TEMPLATES.computeIfAbsent(owner.getName() + "/" + name, k -> compile(owner, name));
    try {
      return t.apply(model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Template compile(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no template " + name + " beside " + owner.getName());
      }
      return HANDLEBARS.compileInline(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one XML document (UTF-8 declaration, two spaces of indent per level) and returns it. */
  public static String xml(XmlBody body) {
    StringWriter sw = new StringWriter();
    try {
      XMLStreamWriter w = XML.createXMLStreamWriter(sw);
      w.writeStartDocument("UTF-8", "1.0");
      body.write(new Xml(w));
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
    }
    return sw.toString();
  }

  /** What writes the elements of a document. */
  @FunctionalInterface
  public interface XmlBody {
    void write(Xml xml) throws XMLStreamException;
  }

  /**
   * Elements on an {@link XMLStreamWriter}, indented; attributes are given as name, value pairs, and every name,
   * value and text passes {@link #xmlChars}.
   */
  public static final class Xml {
    private final XMLStreamWriter w;
    private int depth;

    Xml(XMLStreamWriter w) {
      this.w = w;
    }

    /** Opens an element that will hold elements; {@link #close} ends it. */
    public Xml open(String name, Object... attributes) throws XMLStreamException {
      indent();
      w.writeStartElement(name);
      attributes(attributes);
      depth++;
      return this;
    }

    /** Ends the element last opened. */
    public Xml close() throws XMLStreamException {
      depth--;
      indent();
      w.writeEndElement();
      return this;
    }

    /** An element with only attributes. */
    public Xml empty(String name, Object... attributes) throws XMLStreamException {
      indent();
      w.writeEmptyElement(name);
      attributes(attributes);
      return this;
    }

    /** An element with attributes and text. */
    public Xml text(String name, String text, Object... attributes) throws XMLStreamException {
      indent();
      w.writeStartElement(name);
      attributes(attributes);
      w.writeCharacters(xmlChars(text));
      w.writeEndElement();
      return this;
    }

    private void attributes(Object[] pairs) throws XMLStreamException {
      if (pairs.length % 2 != 0) {
        throw new IllegalArgumentException("attributes come in name, value pairs");
      }
      for (int i = 0; i < pairs.length; i += 2) {
        w.writeAttribute(String.valueOf(pairs[i]), xmlChars(String.valueOf(pairs[i + 1])));
      }
    }

    private void indent() throws XMLStreamException {
      w.writeCharacters("\n" + "  ".repeat(depth));
    }
  }
}
