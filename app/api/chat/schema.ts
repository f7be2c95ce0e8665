export { chatRequestSchema } from "@/lib/interview/protocol";
