package org.medirelay.assistant;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /assistant} opens the patient's assistant page (static files under {@code
 * static/assistant/}).
 */
@Controller
class AssistantPages {

  @GetMapping({"/assistant", "/assistant/"})
  String index() {
    return "redirect:/assistant/index.html";
  }
}
