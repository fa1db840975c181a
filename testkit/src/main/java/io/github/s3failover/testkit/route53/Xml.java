package io.github.s3failover.testkit.route53;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Parses Route 53 request bodies and writes response bodies (namespace 2013-04-01). */
final class Xml {

  /** Route 53's XML namespace, on every request and response body. */
  static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

  private Xml() {}

  /** Parses a request body and checks its root element and namespace, as Route 53 does. */
  static Element parse(String body, String expectedRoot) {
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      root =
          factory
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
              .getDocumentElement();
    } catch (Exception e) {
      throw ApiError.invalidInput("request body is not XML: " + e.getMessage());
    }
    if (!expectedRoot.equals(root.getLocalName()) || !NS.equals(root.getNamespaceURI())) {
      throw new ApiError(
          400,
          "MalformedInput",
          root.getLocalName() + " is not valid, expected " + expectedRoot + " in " + NS);
    }
    return root;
  }

  static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }

  static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }

  static String el(String name, Object value) {
    return value == null ? "" : "<" + name + ">" + escape(value.toString()) + "</" + name + ">";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String document(String root, String content) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"
        + root
        + " xmlns=\""
        + NS
        + "\">"
        + content
        + "</"
        + root
        + ">";
  }
}
