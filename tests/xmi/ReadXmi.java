// ReadXmi TYPESYSTEM.xml FILE.xmi...: loads each FILE.xmi into a CAS of the
// type system with UIMA's own XmiCasDeserializer, strictly (lenient = false:
// a type or feature the type system lacks is an error), and prints what the
// CAS holds as JSON lines, for tests/xmi/check.py to hold against glossa's
// jsonl:
//   {"file": F, "sofa": TEXT, "language": L}
//   {"type": T, "begin": B, "end": E, "text": COVERED, "features": {...}}
// for every annotation in the annotation index (the view's members), in
// the index's order; a feature that refers to an annotation is written as
// {"type", "begin", "end"} of the one it refers to. Exit 1 on any error.
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Iterator;
import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.FSIterator;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.FeatureStructure;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.XMLInputSource;

public class ReadXmi {
  static String json(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static String ref(FeatureStructure fs) {
    if (!(fs instanceof AnnotationFS)) return fs == null ? "null" : json(fs.getType().getName());
    AnnotationFS a = (AnnotationFS) fs;
    return "{\"type\": " + json(a.getType().getName()) + ", \"begin\": " + a.getBegin()
        + ", \"end\": " + a.getEnd() + "}";
  }

  public static void main(String[] args) throws Exception {
    TypeSystemDescription tsd =
        UIMAFramework.getXMLParser().parseTypeSystemDescription(new XMLInputSource(args[0]));
    CAS cas = CasCreationUtils.createCas(tsd, null, null);
    StringBuilder out = new StringBuilder();
    for (int f = 1; f < args.length; f++) {
      cas.reset();
      try (InputStream in = new FileInputStream(args[f])) {
        XmiCasDeserializer.deserialize(in, cas, false);
      }
      out.append("{\"file\": ").append(json(args[f])).append(", \"sofa\": ")
          .append(json(cas.getDocumentText())).append(", \"language\": ")
          .append(json(cas.getDocumentLanguage())).append("}\n");
      FSIterator<AnnotationFS> it = cas.getAnnotationIndex().iterator();
      while (it.hasNext()) {
        AnnotationFS a = it.next();
        Type t = a.getType();
        StringBuilder fb = new StringBuilder();
        for (Feature feat : t.getFeatures()) {
          String n = feat.getShortName();
          if (n.equals("sofa") || n.equals("begin") || n.equals("end")) continue;
          String v;
          if (feat.getRange().isPrimitive()) {
            String s = a.getFeatureValueAsString(feat);
            if (s == null) continue;
            String r = feat.getRange().getName();
            v = r.equals("uima.cas.String") ? json(s) : s;
          } else {
            FeatureStructure fs = a.getFeatureValue(feat);
            if (fs == null) continue;
            v = ref(fs);
          }
          fb.append(fb.length() > 0 ? ", " : "").append(json(n)).append(": ").append(v);
        }
        out.append("{\"type\": ").append(json(t.getName())).append(", \"begin\": ")
            .append(a.getBegin()).append(", \"end\": ").append(a.getEnd())
            .append(", \"text\": ").append(json(a.getCoveredText()))
            .append(", \"features\": {").append(fb).append("}}\n");
      }
    }
    System.out.print(out);
  }
}
