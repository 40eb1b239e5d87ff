export interface QueryResponse {
  query: string;
  response: string;
}

/** One line of the ScaleQuest dataset schema (`dyyyyyyyy/ScaleQuest-Math`): exactly `query` and `response`. */
export function scaleQuestLine(pair: QueryResponse): string {
  return `${JSON.stringify({ query: pair.query, response: pair.response })}\n`;
}
