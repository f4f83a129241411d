package io.predlog.testapps.spring;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code POST /score}: one score and one rank per request. */
@RestController
public class ScoringController {

    private final ScoringService scoring;
    private final Ranker ranker;

    public ScoringController(ScoringService scoring, Ranker ranker) {
        this.scoring = scoring;
        this.ranker = ranker;
    }

    @PostMapping("/score")
    public Map<String, Object> score(@RequestBody Map<String, Object> features) {
        Map<String, Object> result = scoring.score(features);
        result.put("rank", ranker.rank(features));
        return result;
    }
}
