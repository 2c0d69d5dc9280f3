package io.kubernaut.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /events} records an event; {@code GET /events/{correlationId}} lists a trail. */
@RestController
public class AuditController {

    /** What a client posts. */
    public record NewEvent(String type, String correlationId, String outcome, Map<String, Object> data) {
    }

    private final AuditTrail trail;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public AuditController(AuditTrail trail, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.trail = trail;
        this.json = json;
    }

    @PostMapping("/events")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, UUID> record(@RequestBody NewEvent event) throws Exception {
        return Map.of("id", trail.record(event.type(), event.correlationId(), event.outcome(),
                json.writeValueAsString(event.data() == null ? Map.of() : event.data())));
    }

    @GetMapping("/events/{correlationId}")
    public List<AuditTrail.Event> trail(@PathVariable String correlationId) {
        return trail.byCorrelation(correlationId);
    }
}
