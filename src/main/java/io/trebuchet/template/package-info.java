/**
 * Templates and layered values. An application may declare a template: YAML documents with {@code {{NAME}}}
 * placeholders (dotted names such as {@code {{image.tag}}}). Values come in layers — platform defaults, stack,
 * application, environment, application in environment, and the release's own parameters — merged with provenance.
 * Rendering is strict and safe: every missing value is reported at once, and values replace scalar content only, so
 * a value can never inject YAML structure. Everything here is pure.
 */
package io.trebuchet.template;
