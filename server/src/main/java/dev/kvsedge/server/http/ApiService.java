package dev.kvsedge.server.http;

import dev.kvsedge.model.shape.RequestValidator;
import dev.kvsedge.model.shape.ServiceModel;
import java.util.Map;

/**
 * One AWS service served on the port: its model, its handlers, and how requests name operations.
 * A rest-json service (kinesisvideo) is routed by path; an awsJson one (secretsmanager) by the
 * {@code X-Amz-Target} header. The SigV4 credential scope must name the model's endpoint prefix.
 */
public record ApiService(ServiceModel model, Map<String, OperationHandler> handlers, RequestValidator validator) {

    public ApiService(ServiceModel model, Map<String, OperationHandler> handlers) {
        this(model, Map.copyOf(handlers), new RequestValidator(model));
    }

    boolean awsJson() {
        return model.targetPrefix() != null;
    }

    String contentType() {
        return awsJson() ? "application/x-amz-json-1.1" : "application/json";
    }
}
